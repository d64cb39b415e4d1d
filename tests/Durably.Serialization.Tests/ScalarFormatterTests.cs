using System.Globalization;
using System.Text;
using Durably.Serialization;

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
}
