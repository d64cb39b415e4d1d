namespace Durably.Hashing.Tests;

/// <summary>
/// The CRC-32C definition executed one bit at a time, plus plain polynomial arithmetic over
/// GF(2) in normal (unreflected) form: the slow, obviously-correct references.
/// </summary>
internal static class BitwiseCrc32C
{
    /// <summary>P(x) without x^32, normal form (bit i is the coefficient of x^i).</summary>
    internal const uint NormalPolynomial = 0x1EDC6F41u;

    private const uint ReflectedPolynomial = 0x82F63B78u;

    /// <summary>Advances a raw register over the data, bit by bit.</summary>
    internal static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            state ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                state = (state & 1) != 0 ? (state >> 1) ^ ReflectedPolynomial : state >> 1;
            }
        }

        return state;
    }

    /// <summary>The finished checksum, bit by bit.</summary>
    internal static uint Compute(ReadOnlySpan<byte> data) => ~Update(~0u, data);

    /// <summary>Reverses the bit order of a 32-bit value (reflected ↔ normal form).</summary>
    internal static uint Reflect(uint value)
    {
        uint result = 0;
        for (int i = 0; i < 32; i++)
        {
            result |= ((value >> i) & 1) << (31 - i);
        }

        return result;
    }

    /// <summary>Carry-less product of two 32-bit values, shift and xor.</summary>
    internal static ulong CarrylessMultiply(uint a, uint b)
    {
        ulong product = 0;
        for (int i = 0; i < 32; i++)
        {
            if (((a >> i) & 1) != 0)
            {
                product ^= (ulong)b << i;
            }
        }

        return product;
    }

    /// <summary>Remainder of a degree-below-64 polynomial modulo P by long division, normal form.</summary>
    internal static uint ModP(ulong value)
    {
        const ulong fullPolynomial = (1UL << 32) | NormalPolynomial;
        for (int bit = 63; bit >= 32; bit--)
        {
            if (((value >> bit) & 1) != 0)
            {
                value ^= fullPolynomial << (bit - 32);
            }
        }

        return (uint)value;
    }

    /// <summary>a · b mod P in normal form.</summary>
    internal static uint MultiplyModP(uint a, uint b) => ModP(CarrylessMultiply(a, b));

    /// <summary>x^exponent mod P in normal form, one multiplication by x at a time.</summary>
    internal static uint XPowerModP(int exponent)
    {
        uint result = 1;
        for (int i = 0; i < exponent; i++)
        {
            result = ModP((ulong)result << 1);
        }

        return result;
    }
}
