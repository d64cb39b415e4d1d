using System.Buffers;
using Durably.Runtime;
using static Durably.Serialization.Tests.MessagePackBytes;

namespace Durably.Serialization.Tests;

public class WriterEncodingTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(127UL, "7F")]
    [InlineData(128UL, "CC80")]
    [InlineData(255UL, "CCFF")]
    [InlineData(256UL, "CD0100")]
    [InlineData(65535UL, "CDFFFF")]
    [InlineData(65536UL, "CE00010000")]
    [InlineData(4294967295UL, "CEFFFFFFFF")]
    [InlineData(4294967296UL, "CF0000000100000000")]
    [InlineData(ulong.MaxValue, "CFFFFFFFFFFFFFFFFF")]
    public void Unsigned_integers_take_the_smallest_encoding(ulong value, string hex)
    {
        Assert.Equal(hex, WriteHex((ref MessagePackWriter w) => w.Write(value)));
        if (value <= long.MaxValue)
        {
            // Non-negative signed values use the same (uint) family.
            Assert.Equal(hex, WriteHex((ref MessagePackWriter w) => w.Write((long)value)));
        }
    }

    [Theory]
    [InlineData(-1L, "FF")]
    [InlineData(-32L, "E0")]
    [InlineData(-33L, "D0DF")]
    [InlineData(-128L, "D080")]
    [InlineData(-129L, "D1FF7F")]
    [InlineData(-32768L, "D18000")]
    [InlineData(-32769L, "D2FFFF7FFF")]
    [InlineData(-2147483648L, "D280000000")]
    [InlineData(-2147483649L, "D3FFFFFFFF7FFFFFFF")]
    [InlineData(long.MinValue, "D38000000000000000")]
    [InlineData(long.MaxValue, "CF7FFFFFFFFFFFFFFF")]
    public void Signed_integers_take_the_smallest_encoding(long value, string hex) =>
        Assert.Equal(hex, WriteHex((ref MessagePackWriter w) => w.Write(value)));

    [Fact]
    public void Every_integer_overload_uses_the_smallest_encoding()
    {
        Assert.Equal("7F", WriteHex((ref MessagePackWriter w) => w.Write((byte)127)));
        Assert.Equal("CCFF", WriteHex((ref MessagePackWriter w) => w.Write(byte.MaxValue)));
        Assert.Equal("D080", WriteHex((ref MessagePackWriter w) => w.Write(sbyte.MinValue)));
        Assert.Equal("05", WriteHex((ref MessagePackWriter w) => w.Write((sbyte)5)));
        Assert.Equal("D18000", WriteHex((ref MessagePackWriter w) => w.Write(short.MinValue)));
        Assert.Equal("CC80", WriteHex((ref MessagePackWriter w) => w.Write((short)128)));
        Assert.Equal("CDFFFF", WriteHex((ref MessagePackWriter w) => w.Write(ushort.MaxValue)));
        Assert.Equal("D280000000", WriteHex((ref MessagePackWriter w) => w.Write(int.MinValue)));
        Assert.Equal("CE7FFFFFFF", WriteHex((ref MessagePackWriter w) => w.Write(int.MaxValue)));
        Assert.Equal("CEFFFFFFFF", WriteHex((ref MessagePackWriter w) => w.Write(uint.MaxValue)));
        Assert.Equal("41", WriteHex((ref MessagePackWriter w) => w.Write('A')));
        Assert.Equal("CD20AC", WriteHex((ref MessagePackWriter w) => w.Write('\u20ac')));
    }

    [Fact]
    public void Forced_width_writers_keep_their_width()
    {
        Assert.Equal("CC01", WriteHex((ref MessagePackWriter w) => w.WriteUInt8(1)));
        Assert.Equal("D001", WriteHex((ref MessagePackWriter w) => w.WriteInt8(1)));
        Assert.Equal("CD0001", WriteHex((ref MessagePackWriter w) => w.WriteUInt16(1)));
        Assert.Equal("D10001", WriteHex((ref MessagePackWriter w) => w.WriteInt16(1)));
        Assert.Equal("CE00000001", WriteHex((ref MessagePackWriter w) => w.WriteUInt32(1)));
        Assert.Equal("D2FFFFFFFF", WriteHex((ref MessagePackWriter w) => w.WriteInt32(-1)));
        Assert.Equal("CF0000000000000001", WriteHex((ref MessagePackWriter w) => w.WriteUInt64(1)));
        Assert.Equal("D3FFFFFFFFFFFFFFFE", WriteHex((ref MessagePackWriter w) => w.WriteInt64(-2)));
    }

    [Fact]
    public void Floats_keep_their_precision_family()
    {
        Assert.Equal("CA3FC00000", WriteHex((ref MessagePackWriter w) => w.Write(1.5f)));
        Assert.Equal("CB3FF8000000000000", WriteHex((ref MessagePackWriter w) => w.Write(1.5)));
        Assert.Equal("CA7F800000", WriteHex((ref MessagePackWriter w) => w.Write(float.PositiveInfinity)));
        Assert.Equal("CA00000001", WriteHex((ref MessagePackWriter w) => w.Write(float.Epsilon)));
        Assert.Equal("CB8000000000000000", WriteHex((ref MessagePackWriter w) => w.Write(-0.0)));
        Assert.Equal("CBFFF0000000000000", WriteHex((ref MessagePackWriter w) => w.Write(double.NegativeInfinity)));
    }

    [Fact]
    public void Nil_and_booleans()
    {
        Assert.Equal("C0", WriteHex((ref MessagePackWriter w) => w.WriteNil()));
        Assert.Equal("C3", WriteHex((ref MessagePackWriter w) => w.Write(true)));
        Assert.Equal("C2", WriteHex((ref MessagePackWriter w) => w.Write(false)));
        Assert.Equal("C0", WriteHex((ref MessagePackWriter w) => w.Write((string?)null)));
        Assert.Equal("C0", WriteHex((ref MessagePackWriter w) => w.Write((byte[]?)null)));
    }

    [Theory]
    [InlineData(0, "A0")]
    [InlineData(31, "BF")]
    [InlineData(32, "D920")]
    [InlineData(255, "D9FF")]
    [InlineData(256, "DA0100")]
    [InlineData(65535, "DAFFFF")]
    [InlineData(65536, "DB00010000")]
    [InlineData(100000, "DB000186A0")]
    public void Str_headers_follow_the_utf8_length(int length, string header)
    {
        string text = new('a', length);
        byte[] bytes = Write((ref MessagePackWriter w) => w.Write(text));
        Assert.Equal(header, Convert.ToHexString(bytes, 0, header.Length / 2));
        Assert.Equal(header.Length / 2 + length, bytes.Length);
        Assert.Equal(text, ReadAll(bytes, (ref MessagePackReader r) => r.ReadString()));
    }

    [Theory]
    [InlineData("é", 1)]        // 2 bytes per char
    [InlineData("€", 1)]        // 3 bytes per char
    [InlineData("😀", 2)]       // a surrogate pair: 4 bytes per 2 chars
    [InlineData("ab", 2)]
    public void Multibyte_strings_get_the_header_of_their_byte_count(string unit, int charsPerUnit)
    {
        int bytesPerUnit = System.Text.Encoding.UTF8.GetByteCount(unit);
        foreach (int units in new[] { 1, 10, 11, 15, 16, 31, 32, 85, 86, 127, 128, 255, 256, 2000, 2100, 5000, 40000 })
        {
            string text = string.Concat(Enumerable.Repeat(unit, units));
            int byteCount = units * bytesPerUnit;
            byte[] bytes = Write((ref MessagePackWriter w) => w.Write(text));
            int headerSize = byteCount <= 31 ? 1 : byteCount <= 255 ? 2 : byteCount <= 65535 ? 3 : 5;
            Assert.Equal(headerSize + byteCount, bytes.Length);
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), bytes.AsSpan(headerSize).ToArray());
            Assert.Equal(text, ReadAll(bytes, (ref MessagePackReader r) => r.ReadString()));
            Assert.Equal(units * charsPerUnit, text.Length);
        }
    }

    [Fact]
    public void Unpaired_surrogates_are_refused_rather_than_silently_replaced()
    {
        // Built at run time: theory data would pass through serialization that mangles lone surrogates.
        foreach (string text in new[] { "\ud800", "a\udc00b", "ok\ud83d", "\udc00\ud800" })
        {
            MessagePackSerializationException shortPath = Assert.Throws<MessagePackSerializationException>(
                () => Write((ref MessagePackWriter w) => w.Write(text)));
            Assert.Contains("unpaired surrogate", shortPath.Message, StringComparison.Ordinal);

            string longText = new string('x', 5000) + text;
            MessagePackSerializationException longPath = Assert.Throws<MessagePackSerializationException>(
                () => Write((ref MessagePackWriter w) => w.Write(longText)));
            Assert.Contains("char index 500", longPath.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Utf8_strings_are_written_verbatim()
    {
        Assert.Equal("A3616263", WriteHex((ref MessagePackWriter w) => w.WriteString("abc"u8)));
        byte[] thirtyTwo = Enumerable.Repeat((byte)'a', 32).ToArray();
        Assert.Equal("D920" + string.Concat(Enumerable.Repeat("61", 32)), WriteHex((ref MessagePackWriter w) => w.WriteString(thirtyTwo)));
    }

    [Theory]
    [InlineData(0, "C400")]
    [InlineData(1, "C401")]
    [InlineData(255, "C4FF")]
    [InlineData(256, "C50100")]
    [InlineData(65535, "C5FFFF")]
    [InlineData(65536, "C600010000")]
    public void Bin_headers_follow_the_length(int length, string header)
    {
        byte[] payload = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        byte[] bytes = Write((ref MessagePackWriter w) => w.Write(payload.AsSpan()));
        Assert.Equal(header, Convert.ToHexString(bytes, 0, header.Length / 2));
        Assert.Equal(payload, bytes.AsSpan(header.Length / 2).ToArray());
        Assert.Equal(bytes, Write((ref MessagePackWriter w) => w.Write(payload)));
        Assert.Equal(bytes, Write((ref MessagePackWriter w) => w.Write(new ReadOnlySequence<byte>(payload))));
    }

    [Theory]
    [InlineData(0u, "90", "80")]
    [InlineData(15u, "9F", "8F")]
    [InlineData(16u, "DC0010", "DE0010")]
    [InlineData(65535u, "DCFFFF", "DEFFFF")]
    [InlineData(65536u, "DD00010000", "DF00010000")]
    [InlineData(uint.MaxValue, "DDFFFFFFFF", "DFFFFFFFFF")]
    public void Array_and_map_headers_follow_the_count(uint count, string array, string map)
    {
        Assert.Equal(array, WriteHex((ref MessagePackWriter w) => w.WriteArrayHeader(count)));
        Assert.Equal(map, WriteHex((ref MessagePackWriter w) => w.WriteMapHeader(count)));
        if (count <= int.MaxValue)
        {
            Assert.Equal(array, WriteHex((ref MessagePackWriter w) => w.WriteArrayHeader((int)count)));
            Assert.Equal(map, WriteHex((ref MessagePackWriter w) => w.WriteMapHeader((int)count)));
        }
    }

    [Theory]
    [InlineData(1u, "D405")]
    [InlineData(2u, "D505")]
    [InlineData(4u, "D605")]
    [InlineData(8u, "D705")]
    [InlineData(16u, "D805")]
    [InlineData(0u, "C70005")]
    [InlineData(3u, "C70305")]
    [InlineData(17u, "C71105")]
    [InlineData(255u, "C7FF05")]
    [InlineData(256u, "C8010005")]
    [InlineData(65535u, "C8FFFF05")]
    [InlineData(65536u, "C90001000005")]
    public void Extension_headers_use_fixext_when_the_length_allows(uint length, string header)
    {
        byte[] payload = new byte[length];
        byte[] bytes = Write((ref MessagePackWriter w) => w.WriteExtensionFormat(new ExtensionResult(5, payload)));
        Assert.Equal(header, Convert.ToHexString(bytes, 0, header.Length / 2));
        Assert.Equal(header.Length / 2 + (int)length, bytes.Length);
    }

    [Fact]
    public void Negative_extension_type_codes_are_written_as_their_byte()
    {
        Assert.Equal("D480AA", WriteHex((ref MessagePackWriter w) => w.WriteExtensionFormat(new ExtensionResult(-128, new byte[] { 0xAA }))));
    }

    [Fact]
    public void Raw_bytes_and_headers_compose()
    {
        string hex = WriteHex((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.WriteRaw([0x01]);
            w.WriteStringHeader(2);
            w.WriteRaw("hi"u8);
        });
        Assert.Equal("9201A26869", hex);
    }

    [Fact]
    public void Writing_through_small_chunks_gives_the_same_bytes()
    {
        WriteAction everything = static (ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(9);
            w.Write(long.MinValue);
            w.Write(new string('€', 3000));
            w.Write(new string('x', 9000));
            w.Write(Enumerable.Range(0, 70000).Select(i => (byte)i).ToArray());
            w.Write(3.25);
            w.Write(new DateTime(2024, 2, 29, 12, 0, 0, 123, DateTimeKind.Utc));
            w.WriteExtensionFormat(new ExtensionResult(7, new byte[300]));
            w.Write("tail");
            w.WriteRaw(new byte[10000]);
        };
        byte[] expected = Write(everything);
        foreach (int chunk in new[] { 1, 7, 64, 4096 })
        {
            var small = new SmallChunkBufferWriter(chunk);
            var writer = new MessagePackWriter(small);
            everything(ref writer);
            writer.Flush();
            Assert.Equal(expected, small.ToArray());
            Assert.True(small.Chunks > 1);
        }
    }

    [Fact]
    public void GetSpan_and_Advance_write_raw_bytes_in_place()
    {
        byte[] bytes = Write((ref MessagePackWriter w) =>
        {
            w.Write(1);
            Span<byte> span = w.GetSpan(3);
            Assert.True(span.Length >= 3);
            new byte[] { 0xA2, (byte)'o', (byte)'k' }.CopyTo(span);
            w.Advance(3);
        });
        Assert.Equal("01A26F6B", Convert.ToHexString(bytes));
    }

    [Fact]
    public void Flush_commits_and_the_writer_can_continue()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.Write(1);
        Assert.Equal(0, buffer.WrittenCount);
        writer.Flush();
        Assert.Equal(1, buffer.WrittenCount);
        writer.Write(2);
        writer.Flush();
        Assert.Equal("0102", Convert.ToHexString(buffer.WrittenSpan));
    }

    /// <summary>A real buffer writer that hands out spans no larger than needed (at least <c>chunk</c>), like a pipe with small segments.</summary>
    private sealed class SmallChunkBufferWriter(int chunk) : IBufferWriter<byte>
    {
        private readonly List<byte[]> _done = [];
        private byte[] _current = [];

        public int Chunks => _done.Count;

        public void Advance(int count)
        {
            _done.Add(_current.AsSpan(0, count).ToArray());
            _current = [];
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            _current = new byte[Math.Max(sizeHint, chunk)];
            return _current;
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public byte[] ToArray() => _done.SelectMany(b => b).ToArray();
    }
}
