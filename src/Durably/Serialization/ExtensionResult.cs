using System.ComponentModel;
using System.Buffers;

namespace Durably.Runtime;

/// <summary>A whole MessagePack extension value: its type code and payload.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ExtensionResult
{
    /// <summary>Creates an extension value over a contiguous payload.</summary>
    /// <param name="typeCode">The extension type code.</param>
    /// <param name="data">The payload.</param>
    public ExtensionResult(sbyte typeCode, ReadOnlyMemory<byte> data)
        : this(typeCode, new ReadOnlySequence<byte>(data))
    {
    }

    /// <summary>Creates an extension value over a possibly segmented payload.</summary>
    /// <param name="typeCode">The extension type code.</param>
    /// <param name="data">The payload; at most <see cref="uint.MaxValue"/> bytes.</param>
    public ExtensionResult(sbyte typeCode, ReadOnlySequence<byte> data)
    {
        if (data.Length > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(data), data.Length, "An extension payload holds at most 2^32-1 bytes.");
        }

        TypeCode = typeCode;
        Data = data;
    }

    /// <summary>The extension type code.</summary>
    public sbyte TypeCode { get; }

    /// <summary>The payload bytes.</summary>
    public ReadOnlySequence<byte> Data { get; }

    /// <summary>The header that precedes the payload on the wire.</summary>
    public ExtensionHeader Header => new(TypeCode, (uint)Data.Length);
}
