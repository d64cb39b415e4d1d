using Durably.Storage.Format;

namespace Durably.Storage.Tests.Format;

public sealed class RecordListCodecTests
{
    [Theory]
    [InlineData(0, 0xC4, 2)]
    [InlineData(255, 0xC4, 2)]
    [InlineData(256, 0xC5, 3)]
    [InlineData(65535, 0xC5, 3)]
    [InlineData(65536, 0xC6, 5)]
    public void Records_use_the_smallest_messagepack_bin_form(int length, int code, int headerSize)
    {
        byte[] record = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        byte[] encoded = new byte[RecordListCodec.EncodedSize(length)];
        Assert.Equal(encoded.Length, RecordListCodec.Write(encoded, record));
        Assert.Equal(code, encoded[0]);
        Assert.Equal(headerSize, RecordListCodec.HeaderSize(length));

        int position = 0;
        Assert.True(RecordListCodec.TryRead(encoded, ref position, out int start, out int readLength));
        Assert.Equal(headerSize, start);
        Assert.Equal(length, readLength);
        Assert.Equal(encoded.Length, position);
        Assert.Equal(record, encoded.AsSpan(start, readLength).ToArray());
    }

    [Fact]
    public void Lengths_are_big_endian_as_messagepack_specifies()
    {
        byte[] encoded = new byte[3 + 300];
        _ = RecordListCodec.Write(encoded, new byte[300]);
        Assert.Equal(new byte[] { 0xC5, 0x01, 0x2C }, encoded[..3]);
    }

    [Fact]
    public void Wider_forms_than_needed_are_accepted_on_read()
    {
        byte[] bin32 = [0xC6, 0, 0, 0, 2, 7, 8, 0xC5, 0, 1, 9];
        Assert.True(RecordListCodec.IsWellFormed(bin32, 2));
    }

    [Theory]
    [InlineData(new byte[] { 0xC4, 5, 1, 2 })]          // truncated
    [InlineData(new byte[] { 0xC4, 1, 1, 0 })]          // trailing byte beyond the count
    [InlineData(new byte[] { 0xA1, 0x41 })]             // a str, not a bin
    [InlineData(new byte[] { 0xC6, 0xFF, 0xFF, 0xFF })] // huge length, truncated header
    public void Malformed_record_lists_are_rejected(byte[] payload)
    {
        Assert.False(RecordListCodec.IsWellFormed(payload, 1));
    }
}
