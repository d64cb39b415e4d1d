using System.Globalization;
using System.Text;
using Durably.Runtime;

namespace Durably.Serialization.Tests;

public class ScalarFormatterTests
{
    public enum ByteColor : byte
    {
        Red = 1,
        Blue = 200,
    }

    public enum Temperature : sbyte
    {
        Freezing = -40,
        Mild = 20,
    }

    [Flags]
    public enum Access
    {
        None = 0,
        Read = 1,
        Write = 2,
        Admin = 1 << 30,
    }

    public enum Big : long
    {
        Small = 1,
        Huge = long.MinValue,
    }

    public enum Wide : ulong
    {
        Top = ulong.MaxValue,
    }

    [Fact]
    public void Primitives_round_trip_in_their_smallest_encoding()
    {
        Assert.True(RoundTrip.Of(true, out string hex));
        Assert.Equal("C3", hex);
        Assert.Equal(byte.MaxValue, RoundTrip.Of(byte.MaxValue, out hex));
        Assert.Equal("CCFF", hex);
        Assert.Equal(sbyte.MinValue, RoundTrip.Of(sbyte.MinValue, out hex));
        Assert.Equal("D080", hex);
        Assert.Equal(short.MinValue, RoundTrip.Of(short.MinValue));
        Assert.Equal(ushort.MaxValue, RoundTrip.Of(ushort.MaxValue));
        Assert.Equal(int.MinValue, RoundTrip.Of(int.MinValue));
        Assert.Equal(7, RoundTrip.Of(7, out hex));
        Assert.Equal("07", hex);
        Assert.Equal(uint.MaxValue, RoundTrip.Of(uint.MaxValue));
        Assert.Equal(long.MinValue, RoundTrip.Of(long.MinValue));
        Assert.Equal(ulong.MaxValue, RoundTrip.Of(ulong.MaxValue));
        Assert.Equal(1.5f, RoundTrip.Of(1.5f, out hex));
        Assert.Equal("CA3FC00000", hex);
        Assert.Equal(Math.PI, RoundTrip.Of(Math.PI));
        Assert.Equal("héllo", RoundTrip.Of("héllo"));
        Assert.Null(RoundTrip.Of<string?>(null, out hex));
        Assert.Equal("C0", hex);
    }

    [Fact]
    public void Char_is_its_utf16_code_unit()
    {
        Assert.Equal('A', RoundTrip.Of('A', out string hex));
        Assert.Equal("41", hex);
        Assert.Equal('\uffff', RoundTrip.Of('\uffff', out hex));
        Assert.Equal("CDFFFF", hex);
        Assert.Equal('\ud800', RoundTrip.Of('\ud800'));
    }

    [Theory]
    [InlineData("1.50", "A4312E3530")]
    [InlineData("0", "A130")]
    [InlineData("-79228162514264337593543950335", null)]
    [InlineData("79228162514264337593543950335", null)]
    [InlineData("0.0000000000000000000000000001", null)]
    [InlineData("-7.9228162514264337593543950335", null)]
    [InlineData("123456.789000", null)]
    public void Decimal_is_its_invariant_text_and_keeps_its_scale(string text, string? expectedHex)
    {
        decimal value = decimal.Parse(text, CultureInfo.InvariantCulture);
        decimal back = RoundTrip.Of(value, out string hex);
        Assert.Equal(value, back);
        Assert.Equal(value.ToString(CultureInfo.InvariantCulture), back.ToString(CultureInfo.InvariantCulture));
        byte[] expected = [(byte)(0xA0 | text.Length), .. Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture))];
        Assert.Equal(Convert.ToHexString(expected), hex);
        if (expectedHex is not null)
        {
            Assert.Equal(expectedHex, hex);
        }
    }

    [Fact]
    public void Decimal_is_invariant_whatever_the_current_culture()
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("A4312E3530", RoundTrip.Hex(1.50m));
            Assert.Equal(1.50m, RoundTrip.FromHex<decimal>("A4312E3530"));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Decimal_reads_numbers_from_other_writers_and_refuses_garbage()
    {
        Assert.Equal(42m, RoundTrip.FromHex<decimal>("2A"));
        Assert.Equal(-5m, RoundTrip.FromHex<decimal>("FB"));
        Assert.Equal(18446744073709551615m, RoundTrip.FromHex<decimal>("CFFFFFFFFFFFFFFFFF"));
        Assert.Equal(1.5m, RoundTrip.FromHex<decimal>("CB3FF8000000000000"));
        Assert.Equal(1000m, RoundTrip.FromHex<decimal>("A3316533"));
        Assert.Contains("not an invariant-culture decimal", RoundTrip.FailsFromHex<decimal>("A3616263").Message, StringComparison.Ordinal);
        Assert.Contains("not an invariant-culture decimal", RoundTrip.FailsFromHex<decimal>("A3312C35").Message, StringComparison.Ordinal);
        Assert.Contains("does not fit Decimal", RoundTrip.FailsFromHex<decimal>("CB7FF0000000000000").Message, StringComparison.Ordinal);
        Assert.Contains("Expected a decimal", RoundTrip.FailsFromHex<decimal>("C3").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Guid_is_its_36_char_D_text_in_a_str8()
    {
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        Assert.Equal(guid, RoundTrip.Of(guid, out string hex));
        Assert.Equal("D924" + Convert.ToHexString(Encoding.ASCII.GetBytes("0f8fad5b-d9cb-469f-a165-70867728950e")), hex);
        Assert.Equal(guid, RoundTrip.FromHex<Guid>("D924" + Convert.ToHexString(Encoding.ASCII.GetBytes("0F8FAD5B-D9CB-469F-A165-70867728950E"))));
        Assert.Equal(Guid.Empty, RoundTrip.Of(Guid.Empty));
    }

    [Theory]
    [InlineData("0f8fad5bd9cb469fa16570867728950e", "36")]              // "N" form
    [InlineData("{0f8fad5b-d9cb-469f-a165-70867728950}", "36")]        // braces, wrong length
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950z", "\"D\" form")]
    [InlineData("0f8fad5b+d9cb-469f-a165-70867728950e", "\"D\" form")]
    public void Guid_text_in_another_form_is_refused(string text, string reason)
    {
        string hex = Convert.ToHexString(MessagePackSerializer.Serialize(text));
        Assert.Contains(reason, RoundTrip.FailsFromHex<Guid>(hex).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DateTime_is_a_timestamp_and_reads_back_as_utc()
    {
        var utc = new DateTime(2024, 2, 29, 23, 59, 59, 999, DateTimeKind.Utc).AddTicks(9999);
        DateTime back = RoundTrip.Of(utc);
        Assert.Equal(utc, back);
        Assert.Equal(DateTimeKind.Utc, back.Kind);
        Assert.Equal(utc, RoundTrip.Of(utc.ToLocalTime()));
        Assert.Equal(DateTime.MinValue, RoundTrip.Of(DateTime.MinValue));
        Assert.Equal(DateTime.MaxValue, RoundTrip.Of(DateTime.MaxValue));
        Assert.Equal("D6FF00000000", RoundTrip.Hex(DateTime.UnixEpoch));
    }

    [Fact]
    public void DateTimeOffset_is_local_ticks_as_a_timestamp_and_offset_minutes()
    {
        var value = new DateTimeOffset(2020, 1, 1, 10, 0, 0, TimeSpan.FromHours(2));
        DateTimeOffset back = RoundTrip.Of(value, out string hex);
        Assert.Equal(value, back);
        Assert.Equal(value.Offset, back.Offset);
        Assert.Equal(value.Ticks, back.Ticks);

        // [timestamp of 2020-01-01T10:00:00 (the local clock, as MessagePack-CSharp writes it), 120]
        long seconds = new DateTimeOffset(2020, 1, 1, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Equal("92D6FF" + seconds.ToString("X8", CultureInfo.InvariantCulture) + "78", hex);

        var negative = new DateTimeOffset(1969, 7, 20, 20, 17, 40, TimeSpan.FromMinutes(-570)).AddTicks(1);
        Assert.Equal(negative.Offset, RoundTrip.Of(negative).Offset);
        Assert.Equal(negative, RoundTrip.Of(negative));
        Assert.Equal(DateTimeOffset.MinValue, RoundTrip.Of(DateTimeOffset.MinValue));
        Assert.Equal(DateTimeOffset.MaxValue, RoundTrip.Of(DateTimeOffset.MaxValue));
    }

    [Theory]
    [InlineData("92D6FF000000007879", "array of 3")]
    [InlineData("92D6FF00000000CD0385", "offset 901 minutes")]     // +15:01
    [InlineData("92D6FF00000000D1FC7B", "offset -901 minutes")]
    [InlineData("92C70CFF00000000FFFFFFF1886E090001", "offset 1 minutes")] // 0001-01-01 00:00 at +00:01 is before DateTime.MinValue in UTC
    public void DateTimeOffset_refuses_impossible_values(string hex, string reason)
    {
        if (reason == "array of 3")
        {
            hex = "93" + hex[2..];
        }

        Assert.Contains(reason, RoundTrip.FailsFromHex<DateTimeOffset>(hex).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeSpan_DateOnly_and_TimeOnly_are_integers()
    {
        Assert.Equal(TimeSpan.FromSeconds(90), RoundTrip.Of(TimeSpan.FromSeconds(90), out string hex));
        Assert.Equal("CE" + (90 * TimeSpan.TicksPerSecond).ToString("X8", CultureInfo.InvariantCulture), hex);
        Assert.Equal(TimeSpan.FromDays(-1), RoundTrip.Of(TimeSpan.FromDays(-1), out hex));
        Assert.Equal("D3" + (-TimeSpan.TicksPerDay).ToString("X16", CultureInfo.InvariantCulture), hex);
        Assert.Equal(TimeSpan.MinValue, RoundTrip.Of(TimeSpan.MinValue));
        Assert.Equal(TimeSpan.MaxValue, RoundTrip.Of(TimeSpan.MaxValue));

        var date = new DateOnly(2024, 2, 29);
        Assert.Equal(date, RoundTrip.Of(date, out hex));
        Assert.Equal("CE" + date.DayNumber.ToString("X8", CultureInfo.InvariantCulture), hex);
        Assert.Equal(DateOnly.MaxValue, RoundTrip.Of(DateOnly.MaxValue));
        Assert.Equal(DateOnly.MinValue, RoundTrip.Of(DateOnly.MinValue, out hex));
        Assert.Equal("00", hex);
        Assert.Contains("outside DateOnly's range", RoundTrip.FailsFromHex<DateOnly>("CE0037B9DE").Message, StringComparison.Ordinal);
        Assert.Contains("outside DateOnly's range", RoundTrip.FailsFromHex<DateOnly>("FF").Message, StringComparison.Ordinal);

        var time = new TimeOnly(23, 59, 59, 999);
        Assert.Equal(time, RoundTrip.Of(time));
        Assert.Equal(TimeOnly.MaxValue, RoundTrip.Of(TimeOnly.MaxValue));
        Assert.Contains("outside TimeOnly's range", RoundTrip.FailsFromHex<TimeOnly>("CF000000C92A69C000").Message, StringComparison.Ordinal);
        Assert.Contains("outside TimeOnly's range", RoundTrip.FailsFromHex<TimeOnly>("FF").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enums_are_their_underlying_integer()
    {
        Assert.Equal(ByteColor.Blue, RoundTrip.Of(ByteColor.Blue, out string hex));
        Assert.Equal("CCC8", hex);
        Assert.Equal(Temperature.Freezing, RoundTrip.Of(Temperature.Freezing, out hex));
        Assert.Equal("D0D8", hex);
        Assert.Equal(Access.Read | Access.Admin, RoundTrip.Of(Access.Read | Access.Admin, out hex));
        Assert.Equal("CE40000001", hex);
        Assert.Equal((Access)12345, RoundTrip.Of((Access)12345));
        Assert.Equal(Big.Huge, RoundTrip.Of(Big.Huge, out hex));
        Assert.Equal("D38000000000000000", hex);
        Assert.Equal(Wide.Top, RoundTrip.Of(Wide.Top));
        Assert.Contains("does not fit Byte", RoundTrip.FailsFromHex<ByteColor>("CD0100").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nullable_values_are_nil_or_the_value()
    {
        Assert.Null(RoundTrip.Of<int?>(null, out string hex));
        Assert.Equal("C0", hex);
        Assert.Equal(5, RoundTrip.Of<int?>(5, out hex));
        Assert.Equal("05", hex);
        Guid? guid = Guid.NewGuid();
        Assert.Equal(guid, RoundTrip.Of(guid));
        Assert.Equal(ByteColor.Red, RoundTrip.Of<ByteColor?>(ByteColor.Red));
        Assert.Null(RoundTrip.Of<DateTimeOffset?>(null));
    }

    [Fact]
    public void Byte_buffers_are_bin()
    {
        byte[] bytes = [1, 2, 3];
        Assert.Equal(bytes, RoundTrip.Of(bytes, out string hex));
        Assert.Equal("C403010203", hex);
        Assert.Null(RoundTrip.Of<byte[]?>(null, out hex));
        Assert.Equal("C0", hex);
        Assert.Empty(RoundTrip.Of(Array.Empty<byte>()));
        Assert.Equal(bytes, RoundTrip.Of(new ReadOnlyMemory<byte>(bytes), out hex).ToArray());
        Assert.Equal("C403010203", hex);
        Assert.Equal(bytes, RoundTrip.Of(new Memory<byte>(bytes)).ToArray());
        Assert.Equal(new byte[] { 0x61 }, RoundTrip.FromHex<byte[]>("A161"));
    }

    [Fact]
    public void Int128_and_UInt128_are_a_16_byte_little_endian_bin_whatever_the_value()
    {
        const string Header = "C410";
        Assert.Equal(Int128.Zero, RoundTrip.Of(Int128.Zero, out string hex));
        Assert.Equal(Header + new string('0', 32), hex);
        Assert.Equal(Int128.One, RoundTrip.Of(Int128.One, out hex));
        Assert.Equal(Header + "01" + new string('0', 30), hex);
        Assert.Equal(Int128.NegativeOne, RoundTrip.Of(Int128.NegativeOne, out hex));
        Assert.Equal(Header + new string('F', 32), hex);
        Assert.Equal(Int128.MaxValue, RoundTrip.Of(Int128.MaxValue, out hex));
        Assert.Equal(Header + new string('F', 30) + "7F", hex);
        Assert.Equal(Int128.MinValue, RoundTrip.Of(Int128.MinValue, out hex));
        Assert.Equal(Header + new string('0', 30) + "80", hex);
        var mixed = new Int128(0x0102030405060708, 0x090A0B0C0D0E0F10);
        Assert.Equal(mixed, RoundTrip.Of(mixed, out hex));
        Assert.Equal(Header + "100F0E0D0C0B0A090807060504030201", hex);

        Assert.Equal(UInt128.Zero, RoundTrip.Of(UInt128.Zero, out hex));
        Assert.Equal(Header + new string('0', 32), hex);
        Assert.Equal(UInt128.MaxValue, RoundTrip.Of(UInt128.MaxValue, out hex));
        Assert.Equal(Header + new string('F', 32), hex);
        var high = new UInt128(1, 0);
        Assert.Equal(high, RoundTrip.Of(high, out hex));
        Assert.Equal(Header + new string('0', 16) + "01" + new string('0', 14), hex);

        // Values that would fit a smaller integer keep the fixed width: the encoding never depends on the value.
        foreach (Int128 value in new Int128[] { 127, -32, byte.MaxValue, short.MinValue, uint.MaxValue, long.MinValue, long.MaxValue, ulong.MaxValue, (Int128)ulong.MaxValue + 1, (Int128)long.MinValue - 1 })
        {
            Assert.Equal(value, RoundTrip.Of(value, out hex));
            Assert.Equal(36, hex.Length);
        }

        foreach (UInt128 value in new UInt128[] { 1, 127, 128, ulong.MaxValue, (UInt128)ulong.MaxValue + 1, UInt128.MaxValue - 1 })
        {
            Assert.Equal(value, RoundTrip.Of(value, out hex));
            Assert.Equal(36, hex.Length);
        }

        Assert.Null(RoundTrip.Of<Int128?>(null, out hex));
        Assert.Equal("C0", hex);
        Assert.Equal(Int128.MinValue, RoundTrip.Of<Int128?>(Int128.MinValue));
        Assert.Equal([UInt128.MaxValue, UInt128.Zero], RoundTrip.Of(new[] { UInt128.MaxValue, UInt128.Zero }));
    }

    [Fact]
    public void Int128_and_UInt128_read_plain_integers_from_other_writers()
    {
        Assert.Equal(Int128.NegativeOne, RoundTrip.FromHex<Int128>("FF"));
        Assert.Equal((Int128)42, RoundTrip.FromHex<Int128>("2A"));
        Assert.Equal((Int128)long.MinValue, RoundTrip.FromHex<Int128>("D38000000000000000"));
        Assert.Equal((Int128)ulong.MaxValue, RoundTrip.FromHex<Int128>("CFFFFFFFFFFFFFFFFF"));
        Assert.Equal((UInt128)42, RoundTrip.FromHex<UInt128>("2A"));
        Assert.Equal((UInt128)ulong.MaxValue, RoundTrip.FromHex<UInt128>("CFFFFFFFFFFFFFFFFF"));
        Assert.Equal((UInt128)long.MaxValue, RoundTrip.FromHex<UInt128>("D37FFFFFFFFFFFFFFF"));

        // A wider bin header around the same 16 bytes is still a 16-byte bin.
        Assert.Equal(Int128.NegativeOne, RoundTrip.FromHex<Int128>("C50010" + new string('F', 32)));
        Assert.Equal(UInt128.MaxValue, RoundTrip.FromHex<UInt128>("C600000010" + new string('F', 32)));
    }

    [Theory]
    [InlineData("FF", "UInt128", "does not fit UInt128")]                                          // negative fixint
    [InlineData("D38000000000000000", "UInt128", "does not fit UInt128")]                          // int 64 minimum
    [InlineData("C0", "Int128", "Expected a 16-byte bin or an integer (Int128) at offset 0 but found nil (0xc0)")]
    [InlineData("C3", "UInt128", "Expected a 16-byte bin or an integer (UInt128) at offset 0 but found true (0xc3)")]
    [InlineData("B0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "Int128", "but found fixstr")]              // 16 bytes, but a str
    [InlineData("CB3FF0000000000000", "Int128", "but found float 64")]
    [InlineData("C40FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "Int128", "is 15 bytes long; Int128 is 16")]
    [InlineData("C411FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "UInt128", "is 17 bytes long; UInt128 is 16")]
    [InlineData("C410FFFFFFFFFFFFFFFF", "Int128", "ends inside")]                                 // truncated payload
    [InlineData("C4", "UInt128", "ends")]                                                          // truncated header
    [InlineData("", "Int128", "ends at offset 0")]
    public void Int128_and_UInt128_refuse_anything_but_a_16_byte_bin_or_an_integer_in_range(string hex, string type, string reason)
    {
        MessagePackSerializationException ex = type == "Int128" ? RoundTrip.FailsFromHex<Int128>(hex) : RoundTrip.FailsFromHex<UInt128>(hex);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.Offset);
    }

    [Fact]
    public void Native_integers_are_written_like_long_and_ulong()
    {
        foreach (nint value in new nint[] { 0, 1, -1, 127, -32, -33, 128, -129, short.MinValue, int.MaxValue, int.MinValue, nint.MaxValue, nint.MinValue })
        {
            Assert.Equal(value, RoundTrip.Of(value, out string hex));
            Assert.Equal(RoundTrip.Hex((long)value), hex);
        }

        foreach (nuint value in new nuint[] { 0, 127, 128, 255, 256, ushort.MaxValue, uint.MaxValue, nuint.MaxValue })
        {
            Assert.Equal(value, RoundTrip.Of(value, out string hex));
            Assert.Equal(RoundTrip.Hex((ulong)value), hex);
        }

        Assert.Equal("FF", RoundTrip.Hex((nint)(-1)));
        Assert.Equal("CCFF", RoundTrip.Hex((nuint)255));
        Assert.Equal((nint)(-5), RoundTrip.FromHex<nint>("D3FFFFFFFFFFFFFFFB"));
        Assert.Equal((nuint)7, RoundTrip.FromHex<nuint>("07"));
        Assert.Equal([(nint)1, (nint)(-2)], RoundTrip.Of(new List<nint> { 1, -2 }));
        Assert.Null(RoundTrip.Of<nuint?>(null));
    }

    [Fact]
    public void Native_integers_refuse_what_this_process_cannot_hold()
    {
        Assert.Contains("does not fit UIntPtr", RoundTrip.FailsFromHex<nuint>("FF").Message, StringComparison.Ordinal);
        Assert.Contains("does not fit UIntPtr", RoundTrip.FailsFromHex<nuint>("D3FFFFFFFFFFFFFFFF").Message, StringComparison.Ordinal);
        Assert.Contains("Expected an integer", RoundTrip.FailsFromHex<nint>("A131").Message, StringComparison.Ordinal);
        Assert.Contains("ends", RoundTrip.FailsFromHex<nint>("D300000000").Message, StringComparison.Ordinal);
        if (IntPtr.Size == 8)
        {
            Assert.Contains("does not fit IntPtr", RoundTrip.FailsFromHex<nint>("CF8000000000000000").Message, StringComparison.Ordinal);
        }

        // What a 32-bit process reads: the same bytes, refused past its range instead of truncated.
        var narrow = new IntPtrFormatter(int.MinValue, int.MaxValue);
        Assert.Equal(int.MinValue, MessagePackBytes.ReadAll("D280000000", (ref MessagePackReader r) => narrow.Deserialize(ref r)));
        Assert.Equal(int.MaxValue, MessagePackBytes.ReadAll("CE7FFFFFFF", (ref MessagePackReader r) => narrow.Deserialize(ref r)));
        MessagePackSerializationException above = MessagePackBytes.ReadFails(MessagePackBytes.Hex("CE80000000"), (ref MessagePackReader r) => narrow.Deserialize(ref r));
        Assert.Contains("The integer 2147483648 (uint 32 (0xce)) at offset 0 does not fit IntPtr", above.Message, StringComparison.Ordinal);
        MessagePackSerializationException below = MessagePackBytes.ReadFails(MessagePackBytes.Hex("D3FFFFFFFF7FFFFFFF"), (ref MessagePackReader r) => narrow.Deserialize(ref r));
        Assert.Contains("does not fit IntPtr", below.Message, StringComparison.Ordinal);

        var narrowUnsigned = new UIntPtrFormatter(uint.MaxValue);
        Assert.Equal(uint.MaxValue, MessagePackBytes.ReadAll("CEFFFFFFFF", (ref MessagePackReader r) => narrowUnsigned.Deserialize(ref r)));
        MessagePackSerializationException wide = MessagePackBytes.ReadFails(MessagePackBytes.Hex("CF0000000100000000"), (ref MessagePackReader r) => narrowUnsigned.Deserialize(ref r));
        Assert.Contains("The integer 4294967296 (uint 64 (0xcf)) at offset 0 does not fit UIntPtr", wide.Message, StringComparison.Ordinal);
    }
}
