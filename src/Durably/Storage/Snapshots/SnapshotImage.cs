using Durably.Hashing;
using Durably.IO;
using Durably.Storage.Format;

namespace Durably.Storage.Snapshots;

/// <summary>
/// A snapshot file's exact bytes in an aligned buffer (header, body, zero padding to the log's
/// alignment), ready for O_DIRECT writes and for comparing a read-back with.
/// </summary>
internal sealed class SnapshotImage : IDisposable
{
    private readonly AlignedBuffer _buffer;

    private SnapshotImage(SnapshotHeader header, AlignedBuffer buffer, int length)
    {
        Header = header;
        _buffer = buffer;
        Length = length;
    }

    /// <summary>The header.</summary>
    internal SnapshotHeader Header { get; }

    /// <summary>The file length: header and body rounded up to the alignment.</summary>
    internal int Length { get; }

    /// <summary>The file's bytes.</summary>
    internal ReadOnlySpan<byte> Bytes => _buffer.Span[..Length];

    /// <summary>The body.</summary>
    internal ReadOnlySpan<byte> Body => _buffer.Span.Slice(SnapshotHeader.Size, (int)Header.BodyLength);

    /// <summary>The file length for a body of <paramref name="bodyLength"/> bytes.</summary>
    internal static long FileLength(long bodyLength, int alignment) =>
        BitOperationsFacts.AlignUp(SnapshotHeader.Size + bodyLength, alignment);

    /// <summary>Lays out a snapshot: <paramref name="header"/> gets the body's CRC and length.</summary>
    internal static SnapshotImage Build(SnapshotHeader header, ReadOnlySpan<byte> body, int alignment)
    {
        int length = checked((int)FileLength(body.Length, alignment));
        var buffer = new AlignedBuffer(length, alignment);
        buffer.Span.Clear();
        SnapshotHeader sealedHeader = header with { BodyCrc = Crc32C.Compute(body), BodyLength = body.Length };
        sealedHeader.WriteTo(buffer.Span);
        body.CopyTo(buffer.Span[SnapshotHeader.Size..]);
        return new SnapshotImage(sealedHeader, buffer, length);
    }

    /// <summary>
    /// Checks bytes read from a snapshot file: header intact, sequence as the file name says,
    /// length that fits the header's body length, body CRC, zero padding. Returns the image, or null with the problem.
    /// </summary>
    internal static SnapshotImage? TryVerify(AlignedBuffer read, int readLength, long expectedSequence, out string? problem)
    {
        ReadOnlySpan<byte> bytes = read.Span[..readLength];
        if (SnapshotHeader.TryRead(bytes) is not { } header)
        {
            problem = "snapshot header damaged";
            return null;
        }

        if (header.Sequence != expectedSequence)
        {
            problem = "header names sequence " + header.Sequence + ", not the file name's";
            return null;
        }

        long unpadded = SnapshotHeader.Size + header.BodyLength;
        if (unpadded > readLength || readLength - unpadded >= LogFormat.MaximumAlignment)
        {
            problem = "file length " + readLength + " does not match the body length " + header.BodyLength;
            return null;
        }

        ReadOnlySpan<byte> body = bytes.Slice(SnapshotHeader.Size, (int)header.BodyLength);
        if (Crc32C.Compute(body) != header.BodyCrc)
        {
            problem = "body CRC mismatch";
            return null;
        }

        if (bytes[(SnapshotHeader.Size + (int)header.BodyLength)..].ContainsAnyExcept((byte)0))
        {
            problem = "padding not zero";
            return null;
        }

        problem = null;
        return new SnapshotImage(header, read, readLength);
    }

    public void Dispose() => _buffer.Dispose();
}
