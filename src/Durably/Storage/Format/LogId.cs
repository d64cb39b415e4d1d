using System.Buffers.Binary;

namespace Durably.Storage.Format;

/// <summary>The log's 128-bit identity, stamped into every segment and frame header.</summary>
internal readonly record struct LogId(ulong Low, ulong High)
{
    /// <summary>A new random id.</summary>
    internal static LogId NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    /// <summary>Reads 16 little-endian bytes.</summary>
    internal static LogId Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(source),
        BinaryPrimitives.ReadUInt64LittleEndian(source[8..]));

    /// <summary>Writes 16 little-endian bytes.</summary>
    internal void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Low);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], High);
    }

    /// <summary>32 hex digits, the bytes in on-disk order.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
