using System.Buffers;
using Durably.Runtime;
using static Durably.Serialization.Tests.MessagePackBytes;

namespace Durably.Serialization.Tests;

public class ReaderDecodingTests
{
    // The value 5 and -5 in every integer encoding, minimal or not: readers accept all widths.
    public static TheoryData<string> FiveInEveryWidth => new()
    {
        "05", "CC05", "CD0005", "CE00000005", "CF0000000000000005", "D005", "D10005", "D200000005", "D30000000000000005",
    };

    [Theory]
    [MemberData(nameof(FiveInEveryWidth))]
    public void Every_integer_width_reads_into_every_integer_type(string hex)
    {
        Assert.Equal(5, ReadAll(hex, (ref MessagePackReader r) => r.ReadByte()));
        Assert.Equal(5, ReadAll(hex, (ref MessagePackReader r) => r.ReadSByte()));
        Assert.Equal(5, ReadAll(hex, (ref MessagePackReader r) => r.ReadInt16()));
        Assert.Equal(5, ReadAll(hex, (ref MessagePackReader r) => r.ReadUInt16()));
        Assert.Equal(5, ReadAll(hex, (ref MessagePackReader r) => r.ReadInt32()));
        Assert.Equal(5u, ReadAll(hex, (ref MessagePackReader r) => r.ReadUInt32()));
        Assert.Equal(5L, ReadAll(hex, (ref MessagePackReader r) => r.ReadInt64()));
        Assert.Equal(5UL, ReadAll(hex, (ref MessagePackReader r) => r.ReadUInt64()));
        Assert.Equal('\u0005', ReadAll(hex, (ref MessagePackReader r) => r.ReadChar()));
        Assert.Equal(5.0, ReadAll(hex, (ref MessagePackReader r) => r.ReadDouble()));
        Assert.Equal(5.0f, ReadAll(hex, (ref MessagePackReader r) => r.ReadSingle()));
    }

    [Theory]
    [InlineData("FB")]
    [InlineData("D0FB")]
    [InlineData("D1FFFB")]
    [InlineData("D2FFFFFFFB")]
    [InlineData("D3FFFFFFFFFFFFFFFB")]
    public void Negative_values_read_into_signed_types_and_are_refused_by_unsigned_ones(string hex)
    {
        Assert.Equal(-5, ReadAll(hex, (ref MessagePackReader r) => r.ReadSByte()));
        Assert.Equal(-5, ReadAll(hex, (ref MessagePackReader r) => r.ReadInt16()));
        Assert.Equal(-5, ReadAll(hex, (ref MessagePackReader r) => r.ReadInt32()));
        Assert.Equal(-5L, ReadAll(hex, (ref MessagePackReader r) => r.ReadInt64()));
        Assert.Equal(-5.0, ReadAll(hex, (ref MessagePackReader r) => r.ReadDouble()));
        Assert.Contains("does not fit Byte", ReadFails(hex, (ref MessagePackReader r) => r.ReadByte()).Message, StringComparison.Ordinal);
        Assert.Contains("does not fit UInt16", ReadFails(hex, (ref MessagePackReader r) => r.ReadUInt16()).Message, StringComparison.Ordinal);
        Assert.Contains("does not fit UInt32", ReadFails(hex, (ref MessagePackReader r) => r.ReadUInt32()).Message, StringComparison.Ordinal);
        Assert.Contains("does not fit UInt64", ReadFails(hex, (ref MessagePackReader r) => r.ReadUInt64()).Message, StringComparison.Ordinal);
        Assert.Contains("does not fit Char", ReadFails(hex, (ref MessagePackReader r) => r.ReadChar()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CC80", "SByte")]
    [InlineData("D0FF", "Byte")]
    [InlineData("CD0100", "Byte")]
    [InlineData("CD8000", "Int16")]
    [InlineData("D2FFFF7FFF", "Int16")]
    [InlineData("CE00010000", "UInt16")]
    [InlineData("CE80000000", "Int32")]
    [InlineData("D3FFFFFFFF7FFFFFFF", "Int32")]
    [InlineData("CF0000000100000000", "UInt32")]
    [InlineData("CF8000000000000000", "Int64")]
    public void Integers_outside_the_target_range_are_refused_with_the_offset(string hex, string target)
    {
        // Behind a two-element array header and a fixint, so the value starts at offset 2.
        byte[] bytes = Hex("92 01" + hex);
        MessagePackSerializationException ex = ReadFails(bytes, (ref MessagePackReader r) =>
        {
            r.ReadArrayHeader();
            r.ReadInt32();
            return target switch
            {
                "SByte" => r.ReadSByte(),
                "Byte" => r.ReadByte(),
                "Int16" => r.ReadInt16(),
                "UInt16" => r.ReadUInt16(),
                "Int32" => r.ReadInt32(),
                "UInt32" => r.ReadUInt32(),
                _ => r.ReadInt64(),
            };
        });
        Assert.Equal(2, ex.Offset);
        Assert.Contains($"does not fit {target}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at offset 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Integer_extremes_read_back()
    {
        Assert.Equal(long.MinValue, ReadAll("D38000000000000000", (ref MessagePackReader r) => r.ReadInt64()));
        Assert.Equal(long.MaxValue, ReadAll("CF7FFFFFFFFFFFFFFF", (ref MessagePackReader r) => r.ReadInt64()));
        Assert.Equal(ulong.MaxValue, ReadAll("CFFFFFFFFFFFFFFFFF", (ref MessagePackReader r) => r.ReadUInt64()));
        Assert.Equal(18446744073709551615.0, ReadAll("CFFFFFFFFFFFFFFFFF", (ref MessagePackReader r) => r.ReadDouble()));
        Assert.Equal(sbyte.MinValue, ReadAll("D080", (ref MessagePackReader r) => r.ReadSByte()));
        Assert.Equal(byte.MaxValue, ReadAll("CCFF", (ref MessagePackReader r) => r.ReadByte()));
    }

    [Fact]
    public void Floats_read_from_either_width()
    {
        Assert.Equal(1.5f, ReadAll("CA3FC00000", (ref MessagePackReader r) => r.ReadSingle()));
        Assert.Equal(1.5, ReadAll("CA3FC00000", (ref MessagePackReader r) => r.ReadDouble()));
        Assert.Equal(1.5f, ReadAll("CB3FF8000000000000", (ref MessagePackReader r) => r.ReadSingle()));
        Assert.Equal(0.1f, ReadAll("CB3FB999999999999A", (ref MessagePackReader r) => r.ReadSingle()));
        Assert.True(double.IsNaN(ReadAll("CB7FF8000000000000", (ref MessagePackReader r) => r.ReadDouble())));
        Assert.Contains("float or integer", ReadFails("A0", (ref MessagePackReader r) => r.ReadDouble()).Message, StringComparison.Ordinal);
        Assert.Contains("float or integer", ReadFails("C3", (ref MessagePackReader r) => r.ReadSingle()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Integers_are_not_floats_and_floats_are_not_integers()
    {
        Assert.Contains("Expected an integer", ReadFails("CA3FC00000", (ref MessagePackReader r) => r.ReadInt32()).Message, StringComparison.Ordinal);
        Assert.Contains("Expected an integer", ReadFails("C3", (ref MessagePackReader r) => r.ReadInt64()).Message, StringComparison.Ordinal);
        Assert.Contains("Expected a boolean", ReadFails("01", (ref MessagePackReader r) => r.ReadBoolean()).Message, StringComparison.Ordinal);
        Assert.Contains("Expected nil", ReadFails("01", (ref MessagePackReader r) => { r.ReadNil(); return 0; }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nil_booleans_and_TryReadNil()
    {
        Assert.True(ReadAll("C3", (ref MessagePackReader r) => r.ReadBoolean()));
        Assert.False(ReadAll("C2", (ref MessagePackReader r) => r.ReadBoolean()));
        Assert.True(ReadAll("C0", (ref MessagePackReader r) => r.TryReadNil()));
        var reader = new MessagePackReader(Hex("01"));
        Assert.False(reader.TryReadNil());
        Assert.Equal(0, reader.Consumed);
        Assert.Equal(1, reader.ReadInt32());
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData("A3616263")]
    [InlineData("D903616263")]
    [InlineData("DA0003616263")]
    [InlineData("DB00000003616263")]
    public void Every_str_width_reads(string hex)
    {
        Assert.Equal("abc", ReadAll(hex, (ref MessagePackReader r) => r.ReadString()));
        Assert.Equal(3, ReadAll(hex, (ref MessagePackReader r) =>
        {
            int length = r.ReadStringHeader();
            r.ReadRaw(length);
            return length;
        }));
        Assert.Equal("abc"u8.ToArray(), ReadAll(hex, (ref MessagePackReader r) => r.ReadStringSequence()!.Value.ToArray()));
        Assert.Equal("abc"u8.ToArray(), ReadAll(hex, (ref MessagePackReader r) => r.TryReadStringSpan(out ReadOnlySpan<byte> s) ? s.ToArray() : null));
    }

    [Fact]
    public void Nil_reads_as_a_null_string_or_null_bytes()
    {
        Assert.Null(ReadAll("C0", (ref MessagePackReader r) => r.ReadString()));
        Assert.Null(ReadAll("C0", (ref MessagePackReader r) => r.ReadBytes()));
        Assert.Null(ReadAll("C0", (ref MessagePackReader r) => r.ReadStringSequence()));
    }

    [Theory]
    [InlineData("C403010203")]
    [InlineData("C50003010203")]
    [InlineData("C600000003010203")]
    [InlineData("A3010203")] // old-spec writers used str for bytes
    [InlineData("D903010203")]
    public void Every_bin_width_reads(string hex) =>
        Assert.Equal(new byte[] { 1, 2, 3 }, ReadAll(hex, (ref MessagePackReader r) => r.ReadBytes()!.Value.ToArray()));

    [Theory]
    [InlineData("93010203", 3)]
    [InlineData("DC0003010203", 3)]
    [InlineData("DD00000003010203", 3)]
    [InlineData("90", 0)]
    public void Every_array_width_reads(string hex, int count) =>
        Assert.Equal(count, ReadAll(hex, (ref MessagePackReader r) =>
        {
            int n = r.ReadArrayHeader();
            for (int i = 0; i < n; i++)
            {
                r.ReadInt32();
            }

            return n;
        }));

    [Theory]
    [InlineData("810102", 1)]
    [InlineData("DE00010102", 1)]
    [InlineData("DF000000010102", 1)]
    [InlineData("80", 0)]
    public void Every_map_width_reads(string hex, int count) =>
        Assert.Equal(count, ReadAll(hex, (ref MessagePackReader r) =>
        {
            int n = r.ReadMapHeader();
            for (int i = 0; i < 2 * n; i++)
            {
                r.ReadInt32();
            }

            return n;
        }));

    [Theory]
    [InlineData("D40701", 1)]
    [InlineData("D5070102", 2)]
    [InlineData("D60701020304", 4)]
    [InlineData("D7070102030405060708", 8)]
    [InlineData("D807000102030405060708090A0B0C0D0E0F", 16)]
    [InlineData("C70007", 0)]
    [InlineData("C7030701020A", 3)]
    [InlineData("C800030701020A", 3)]
    [InlineData("C9000000030701020A", 3)]
    public void Every_extension_width_reads(string hex, int length)
    {
        ExtensionResult ext = ReadAll(hex, (ref MessagePackReader r) => r.ReadExtensionFormat());
        Assert.Equal(7, ext.TypeCode);
        Assert.Equal(length, ext.Data.Length);
        Assert.Equal(new ExtensionHeader(7, (uint)length), ext.Header);
        byte[] bytes = Hex(hex);
        Assert.Equal(bytes.AsSpan(bytes.Length - length).ToArray(), ext.Data.ToArray());
        ExtensionHeader header = ReadAll(hex, (ref MessagePackReader r) =>
        {
            ExtensionHeader h = r.ReadExtensionFormatHeader();
            r.ReadRaw(h.Length);
            return h;
        });
        Assert.Equal(new ExtensionHeader(7, (uint)length), header);
    }

    [Fact]
    public void NextMessagePackType_names_every_code_family()
    {
        for (int code = 0; code < 256; code++)
        {
            MessagePackType expected = code switch
            {
                <= 0x7f or (>= 0xcc and <= 0xd3) or >= 0xe0 => MessagePackType.Integer,
                <= 0x8f or 0xde or 0xdf => MessagePackType.Map,
                <= 0x9f or 0xdc or 0xdd => MessagePackType.Array,
                <= 0xbf or (>= 0xd9 and <= 0xdb) => MessagePackType.String,
                0xc0 => MessagePackType.Nil,
                0xc1 => MessagePackType.Unknown,
                0xc2 or 0xc3 => MessagePackType.Boolean,
                >= 0xc4 and <= 0xc6 => MessagePackType.Binary,
                (>= 0xc7 and <= 0xc9) or (>= 0xd4 and <= 0xd8) => MessagePackType.Extension,
                0xca or 0xcb => MessagePackType.Float,
            };
            var reader = new MessagePackReader(new byte[] { (byte)code });
            Assert.Equal(expected, reader.NextMessagePackType);
            Assert.Equal((byte)code, reader.NextCode);
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Fact]
    public void Skip_and_ReadRaw_pass_over_whole_values()
    {
        byte[] bytes = MessagePackBytes.Write((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.WriteMapHeader(2);
            w.Write("a");
            w.WriteArrayHeader(3);
            w.Write(1);
            w.Write(new byte[300]);
            w.WriteExtensionFormat(new ExtensionResult(3, new byte[20]));
            w.Write(2.5f);
            w.WriteArrayHeader(0);
            w.Write(long.MinValue);
        });
        var reader = new MessagePackReader(bytes);
        reader.Skip();
        Assert.True(reader.End);

        reader = new MessagePackReader(bytes);
        Assert.Equal(2, reader.ReadArrayHeader());
        ReadOnlySequence<byte> map = reader.ReadRaw();
        Assert.Equal(bytes.AsSpan(1, (int)map.Length).ToArray(), map.ToArray());
        Assert.Equal(long.MinValue, reader.ReadInt64());
        Assert.True(reader.End);
    }

    [Fact]
    public void Consumed_and_End_track_the_position()
    {
        var reader = new MessagePackReader(Hex("92CD0100A161"));
        Assert.False(reader.End);
        reader.ReadArrayHeader();
        Assert.Equal(1, reader.Consumed);
        reader.ReadInt32();
        Assert.Equal(4, reader.Consumed);
        reader.ReadString();
        Assert.Equal(6, reader.Consumed);
        Assert.True(reader.End);
    }
}
