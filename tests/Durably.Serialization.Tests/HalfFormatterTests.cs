namespace Durably.Serialization.Tests;

public class HalfFormatterTests
{
    public static TheoryData<string, string> Values => new()
    {
        // MessagePack-CSharp writes Half as float32 (0xCA), which holds every half exactly.
        { "1.5", "CA3FC00000" },
        { "-0", "CA80000000" },
        { "65504", "CA477FE000" },
        { "-65504", "CAC77FE000" },
        { "6E-08", "CA33800000" },
        { "Infinity", "CA7F800000" },
        { "-Infinity", "CAFF800000" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Half_is_written_as_float32_and_read_back_exactly(string text, string hex)
    {
        Half value = text switch
        {
            "Infinity" => Half.PositiveInfinity,
            "-Infinity" => Half.NegativeInfinity,
            "-0" => Half.NegativeZero,
            "6E-08" => Half.Epsilon,
            _ => Half.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
        };
        Half back = RoundTrip.Of(value, out string written);
        Assert.Equal(hex, written);
        Assert.Equal(BitConverter.HalfToUInt16Bits(value), BitConverter.HalfToUInt16Bits(back));
    }

    [Fact]
    public void NaN_round_trips_and_other_numbers_round_to_the_nearest_half()
    {
        Assert.True(Half.IsNaN(RoundTrip.Of(Half.NaN)));
        Assert.Equal((Half)2, RoundTrip.FromHex<Half>("02"));
        Assert.Equal((Half)0.1f, RoundTrip.FromHex<Half>("CB3FB999999999999A"));
        Assert.Equal(Half.PositiveInfinity, RoundTrip.FromHex<Half>("CA47800000"));
        RoundTrip.FailsFromHex<Half>("A161");
    }
}
