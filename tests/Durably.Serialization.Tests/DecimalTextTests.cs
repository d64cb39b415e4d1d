using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Durably.Runtime;

namespace Durably.Serialization.Tests;

/// <summary>The fast decimal text path must agree exactly with decimal.ToString and Utf8Parser.</summary>
public class DecimalTextTests
{
    [Fact]
    public void Formatting_matches_ToString_for_every_kind_of_decimal()
    {
        var random = new Random(7);
        byte[] buffer = new byte[DecimalText.MaxLength];
        foreach (decimal value in Samples(random, 200_000))
        {
            Assert.True(DecimalText.TryFormat(value, buffer, out int written));
            string expected = value.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(expected, Encoding.ASCII.GetString(buffer, 0, written));

            // And the text reads back to the same bits (negative zero excepted: its text has no sign).
            Assert.True(DecimalText.TryParse(buffer.AsSpan(0, written), out decimal back));
            Assert.Equal(value, back);
            if (value != 0)
            {
                Assert.Equal(decimal.GetBits(value), decimal.GetBits(back));
            }
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-0.00")]
    [InlineData("0.00")]
    [InlineData("5.")]
    [InlineData(".5")]
    [InlineData("+5")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("1,5")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("1e3")]
    [InlineData("1E+3")]
    [InlineData("1.5e-2")]
    [InlineData("9999999999999999999")]
    [InlineData("99999999999999999999")]
    [InlineData("18446744073709551615")]
    [InlineData("18446744073709551616")]
    [InlineData("0.0000000000000000000000000001")]
    [InlineData("0.00000000000000000000000000001")]
    [InlineData("1.0000000000000000000000000000001")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("79228162514264337593543950336")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    [InlineData("0x10")]
    public void Parsing_accepts_exactly_what_Utf8Parser_reads_whole(string text)
    {
        byte[] utf8 = Encoding.ASCII.GetBytes(text);
        bool expectedOk = Utf8Parser.TryParse(utf8, out decimal expected, out int consumed) && consumed == utf8.Length;
        bool ok = DecimalText.TryParse(utf8, out decimal actual);
        Assert.Equal(expectedOk, ok);
        if (ok)
        {
            Assert.Equal(decimal.GetBits(expected), decimal.GetBits(actual));
        }
    }

    [Fact]
    public void Parsing_random_digit_strings_matches_Utf8Parser()
    {
        var random = new Random(11);
        const string alphabet = "0123456789.-";
        for (int i = 0; i < 100_000; i++)
        {
            char[] chars = new char[random.Next(0, 32)];
            for (int c = 0; c < chars.Length; c++)
            {
                chars[c] = alphabet[random.Next(random.Next(2) == 0 ? 10 : alphabet.Length)];
            }

            byte[] utf8 = Encoding.ASCII.GetBytes(chars);
            bool expectedOk = Utf8Parser.TryParse(utf8, out decimal expected, out int consumed) && consumed == utf8.Length;
            bool ok = DecimalText.TryParse(utf8, out decimal actual);
            Assert.True(expectedOk == ok, new string(chars));
            if (ok)
            {
                Assert.True(decimal.GetBits(expected).AsSpan().SequenceEqual(decimal.GetBits(actual)), new string(chars));
            }
        }
    }

    private static IEnumerable<decimal> Samples(Random random, int count)
    {
        yield return decimal.MaxValue;
        yield return decimal.MinValue;
        yield return decimal.Zero;
        yield return new decimal(0, 0, 0, true, 5);
        yield return new decimal(0, 0, 0, false, 28);
        yield return new decimal(1, 0, 0, true, 28);
        yield return new decimal(-1, -1, 0, false, 0);
        yield return new decimal(-1, -1, 0, true, 28);
        yield return new decimal(0, 0, 1, false, 0);
        yield return 1.50m;
        yield return 1234.5600m;
        for (int i = 0; i < count; i++)
        {
            int lo = random.Next(int.MinValue, int.MaxValue);
            int mid = random.Next(4) switch { 0 => 0, 1 => random.Next(100), _ => random.Next(int.MinValue, int.MaxValue) };
            int hi = random.Next(3) == 0 ? random.Next(int.MinValue, int.MaxValue) : 0;
            yield return new decimal(lo, mid, hi, random.Next(2) == 0, (byte)random.Next(29));
        }
    }
}
