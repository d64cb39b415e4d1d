using System.Buffers.Binary;
using System.Text;
using Durably.Hashing;
using Durably.Storage.Format;

namespace Durably.Storage.Tests.Format;

public sealed class FrameHeaderTests
{
    private static readonly LogId Id = new(0x0123456789ABCDEF, 0xFEDCBA9876543210);

    [Fact]
    public void Fields_are_little_endian_at_their_documented_offsets()
    {
        byte[] frame = new byte[128];
        var header = new FrameHeader(PayloadLength: 40, RecordCount: 3, FirstSequence: 0x1122334455667788, FileOffset: 8192,
            LogId: Id, PreviousCrc: 0xCAFEBABE, SegmentNumber: 7, Crc: 0);
        header.WriteWithoutCrc(frame);

        Assert.Equal("DRBL", Encoding.ASCII.GetString(frame, 0, 4));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(4)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(6)));
        Assert.Equal(40u, BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(8)));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(12)));
        Assert.Equal(0x1122334455667788, BinaryPrimitives.ReadInt64LittleEndian(frame.AsSpan(16)));
        Assert.Equal(8192, BinaryPrimitives.ReadInt64LittleEndian(frame.AsSpan(24)));
        Assert.Equal(0x0123456789ABCDEFul, BinaryPrimitives.ReadUInt64LittleEndian(frame.AsSpan(32)));
        Assert.Equal(0xFEDCBA9876543210ul, BinaryPrimitives.ReadUInt64LittleEndian(frame.AsSpan(40)));
        Assert.Equal(0xCAFEBABEu, BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(48)));
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(52)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(56)));
        Assert.Equal(header with { Crc = 0 }, FrameHeader.Read(frame));
    }

    [Fact]
    public void Crc_is_crc32c_of_header_bytes_0_to_59_then_the_payload_and_sits_at_60()
    {
        byte[] frame = BuildFrame(payload: [0xC4, 3, 1, 2, 3], totalLength: 512);
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(60));

        uint expected = Crc32C.Compute([.. frame.AsSpan(0, 60), .. frame.AsSpan(64, 5)]);
        Assert.Equal(expected, stored);
    }

    [Fact]
    public void Crc_covers_every_header_and_payload_byte_but_not_the_crc_field_or_the_padding()
    {
        byte[] original = BuildFrame(payload: [0xC4, 3, 1, 2, 3], totalLength: 512);
        int payloadEnd = 64 + 5;
        for (int i = 0; i < original.Length; i++)
        {
            byte[] copy = (byte[])original.Clone();
            copy[i] ^= 0x10;
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(60));
            uint payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(8));
            bool matches = payloadLength <= copy.Length - 64 && FrameHeader.ComputeCrc(copy, (int)payloadLength) == crc;
            bool covered = i < 60 || (i >= 64 && i < payloadEnd);
            bool crcField = i is >= 60 and < 64;
            if (covered || crcField)
            {
                Assert.False(matches, $"flipping byte {i} went unnoticed");
            }
            else
            {
                Assert.True(matches, $"byte {i} (padding) should not be covered");
            }
        }
    }

    [Fact]
    public void Magic_detection_needs_the_exact_bytes()
    {
        Assert.True(FrameHeader.HasMagic("DRBL"u8));
        Assert.False(FrameHeader.HasMagic("DRBS"u8));
        Assert.False(FrameHeader.HasMagic("DRB"u8));
        Assert.False(FrameHeader.HasMagic(new byte[4]));
    }

    private static byte[] BuildFrame(byte[] payload, int totalLength)
    {
        byte[] frame = new byte[totalLength];
        payload.CopyTo(frame, 64);
        var header = new FrameHeader((uint)payload.Length, 1, 1, 4096, Id, 0, 1, 0);
        header.WriteWithoutCrc(frame);
        _ = FrameHeader.Seal(frame, payload.Length);
        return frame;
    }
}
