using System.Buffers.Binary;
using System.Text;
using Durably.Hashing;
using Durably.IO;
using Durably.Storage.Format;
using Durably.Storage.Snapshots;

namespace Durably.Storage.Tests.Format;

/// <summary>The snapshot file as docs/format.md lays it out, and every damaged byte refused.</summary>
public sealed class SnapshotFormatTests
{
    private static readonly LogId Id = new(1, 2);

    [Fact]
    public void A_snapshot_file_is_laid_out_as_documented()
    {
        byte[] body = Encoding.ASCII.GetBytes("the state");
        var header = new SnapshotHeader(Sequence: 1234, LogId: Id, ChainOfSequence: 0xCAFEF00D, StartSegment: 7, StartFirstSequence: 1000, StartChainBefore: 0x0BADBEEF, BodyCrc: 0, BodyLength: 0);
        using SnapshotImage image = SnapshotImage.Build(header, body, 4096);
        byte[] file = image.Bytes.ToArray();

        Assert.Equal(4096, file.Length);
        Assert.Equal("DRSN", Encoding.ASCII.GetString(file, 0, 4));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(6)));
        Assert.Equal(1234, BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(8)));
        Assert.Equal(1ul, BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(16)));
        Assert.Equal(2ul, BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(24)));
        Assert.Equal(0xCAFEF00Du, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(32)));
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(36)));
        Assert.Equal(1000, BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(40)));
        Assert.Equal(0x0BADBEEFu, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(48)));
        Assert.Equal(Crc32C.Compute(body), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(52)));
        Assert.Equal(body.Length, BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(56)));
        Assert.All(file[64..124], b => Assert.Equal(0, b));
        Assert.Equal(Crc32C.Compute(file.AsSpan(0, 124)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(124)));
        Assert.Equal(body, file[128..(128 + body.Length)]);
        Assert.All(file[(128 + body.Length)..], b => Assert.Equal(0, b));
        Assert.Equal("snap-00000000000000001234.snap", SnapshotFileName.For(1234));
        Assert.True(SnapshotFileName.TryParse("snap-00000000000000001234.snap", out long sequence) && sequence == 1234);
        Assert.False(SnapshotFileName.TryParse("snap-00000000000000001234.snap.tmp", out _));
        Assert.True(SnapshotFileName.IsTemporary(SnapshotFileName.TemporaryFor(1234)));
    }

    [Fact]
    public void Any_damaged_byte_of_header_body_or_padding_is_refused()
    {
        byte[] body = new byte[300];
        new Random(5).NextBytes(body);
        var header = new SnapshotHeader(99, Id, 1, 1, 1, 0, 0, 0);
        using SnapshotImage image = SnapshotImage.Build(header, body, 512);
        byte[] file = image.Bytes.ToArray();
        Assert.Equal(512, file.Length);
        Assert.NotNull(Verify(file, 99));
        Assert.Null(Verify(file, 98)); // another file name's sequence
        for (int i = 0; i < file.Length; i++)
        {
            byte[] copy = (byte[])file.Clone();
            copy[i] ^= 0x10;
            Assert.Null(Verify(copy, 99));
        }
    }

    private static string? Verify(byte[] file, long sequence)
    {
        var buffer = new AlignedBuffer(file.Length, 512);
        file.CopyTo(buffer.Span);
        using SnapshotImage? image = SnapshotImage.TryVerify(buffer, file.Length, sequence, out string? problem);
        if (image is null)
        {
            buffer.Dispose();
        }

        return image is null ? null : "ok";
    }
}
