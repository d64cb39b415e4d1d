using System.Buffers.Text;
using System.Globalization;

namespace Durably.Runtime;

/// <summary>
/// The invariant text of a decimal, as <see cref="decimal.ToString(IFormatProvider)"/> with the
/// invariant culture writes it and <see cref="Utf8Parser"/> reads it, with a fast path for the
/// common case of at most 19 significant digits (every amount a ledger holds): the mantissa is
/// formatted or accumulated as one 64-bit integer and the point placed by the scale.
/// </summary>
internal static class DecimalText
{
    // Sign, "0.", and 28 fraction digits, or sign, 29 digits and a point.
    public const int MaxLength = 31;

    private const int MaxFastDigits = 19;
    private const int MaxScale = 28;

    public static bool TryFormat(decimal value, Span<byte> destination, out int written)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (bits[2] != 0 || destination.Length < MaxLength)
        {
            // A mantissa beyond 64 bits: the general formatter.
            return value.TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
        }

        ulong mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        int scale = (bits[3] >> 16) & 0xff;
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(mantissa, digits, out int digitCount);

        int position = 0;
        if (bits[3] < 0 && mantissa != 0)
        {
            // ToString drops the sign of a negative zero; so do we.
            destination[position++] = (byte)'-';
        }

        int integerDigits = digitCount - scale;
        if (integerDigits > 0)
        {
            digits.Slice(0, integerDigits).CopyTo(destination.Slice(position));
            position += integerDigits;
            if (scale > 0)
            {
                destination[position++] = (byte)'.';
                digits.Slice(integerDigits, scale).CopyTo(destination.Slice(position));
                position += scale;
            }
        }
        else
        {
            destination[position++] = (byte)'0';
            destination[position++] = (byte)'.';
            destination.Slice(position, -integerDigits).Fill((byte)'0');
            position += -integerDigits;
            digits.Slice(0, digitCount).CopyTo(destination.Slice(position));
            position += digitCount;
        }

        written = position;
        return true;
    }

    /// <summary>Parses the whole of <paramref name="utf8"/>: <c>[-]digits[.digits]</c>, or anything else Utf8Parser reads (exponents, more digits).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out decimal value)
    {
        int index = 0;
        bool negative = false;
        if (!utf8.IsEmpty && utf8[0] == (byte)'-')
        {
            negative = true;
            index = 1;
        }

        ulong mantissa = 0;
        int digitCount = 0;
        int scale = -1; // -1 until the point is seen
        for (; index < utf8.Length; index++)
        {
            uint digit = (uint)(utf8[index] - '0');
            if (digit <= 9)
            {
                if (digitCount == MaxFastDigits)
                {
                    return TryParseGeneral(utf8, out value);
                }

                mantissa = (mantissa * 10) + digit;
                digitCount++;
                if (scale >= 0)
                {
                    scale++;
                }
            }
            else if (utf8[index] == (byte)'.' && scale < 0)
            {
                scale = 0;
            }
            else
            {
                return TryParseGeneral(utf8, out value);
            }
        }

        if (digitCount == 0 || scale > MaxScale)
        {
            return TryParseGeneral(utf8, out value);
        }

        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }

    private static bool TryParseGeneral(ReadOnlySpan<byte> utf8, out decimal value) =>
        Utf8Parser.TryParse(utf8, out value, out int consumed) && consumed == utf8.Length;
}
