using System.Buffers.Binary;
using System.Text;
using Durably.Hashing;
using Durably.Storage.Format;

namespace Durably.Storage.Tests.Format;

public sealed class SegmentHeaderTests
{
    private static readonly LogId Id = new(1, 2);

    [Fact]
    public void Header_round_trips_and_is_laid_out_as_documented()
    {
        byte[] block = new byte[4096];
        var header = new SegmentHeader(Copy: 1, SegmentNumber: 42, Alignment: 4096, SegmentSize: 64L << 20, LogId: Id);
        header.WriteTo(block);

        Assert.Equal("DRBS", Encoding.ASCII.GetString(block, 0, 4));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(4)));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(6)));
        Assert.Equal(42u, BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(8)));
        Assert.Equal(4096, BinaryPrimitives.ReadInt32LittleEndian(block.AsSpan(12)));
        Assert.Equal(64L << 20, BinaryPrimitives.ReadInt64LittleEndian(block.AsSpan(16)));
        Assert.Equal(1ul, BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(24)));
        Assert.Equal(2ul, BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(32)));
        Assert.All(block[40..60], b => Assert.Equal(0, b));
        Assert.Equal(Crc32C.Compute(block.AsSpan(0, 60)), BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(60)));
        Assert.Equal(header, SegmentHeader.TryRead(block));
    }

    [Fact]
    public void Any_damaged_byte_makes_the_header_unreadable()
    {
        byte[] block = new byte[64];
        new SegmentHeader(0, 1, 4096, 1 << 20, Id).WriteTo(block);
        for (int i = 0; i < 64; i++)
        {
            byte[] copy = (byte[])block.Clone();
            copy[i] ^= 1;
            Assert.Null(SegmentHeader.TryRead(copy));
        }
    }

    [Theory]
    [InlineData(1u, "wal-000000000001.seg")]
    [InlineData(123456789012u % uint.MaxValue, null)]
    public void Segment_file_names_sort_by_number_and_parse_back(uint number, string? expected)
    {
        string name = SegmentFileName.For(number);
        if (expected is not null)
        {
            Assert.Equal(expected, name);
        }

        Assert.True(SegmentFileName.TryParse(name, out uint parsed));
        Assert.Equal(number, parsed);
        Assert.False(SegmentFileName.TryParse(SegmentFileName.TemporaryFor(number), out _));
        Assert.True(SegmentFileName.IsTemporary(SegmentFileName.TemporaryFor(number)));
        Assert.False(SegmentFileName.TryParse("wal-000000000000.seg", out _));
        Assert.False(SegmentFileName.TryParse("durably.lock", out _));
        Assert.True(string.CompareOrdinal(SegmentFileName.For(9), SegmentFileName.For(10)) < 0);
    }
}
