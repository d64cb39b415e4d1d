using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Durably.Hashing;

/// <summary>
/// Moving a CRC register across bytes it has not seen: the register after message A, followed
/// by n more bytes, contributes <c>state · x^(8n) mod P</c> to the register after A ++ B.
/// The wide paths compute independent pieces of a buffer and then shift and merge them.
/// </summary>
/// <remarks>
/// All polynomials are 32-bit values in the reflected form of <see cref="Crc32CPolynomial"/>.
/// The hardware shift multiplies the register by a precomputed constant with one carry-less
/// multiply and lets a <c>crc32</c> instruction do the reduction modulo P: a reflected
/// 32 × 32-bit carry-less product read as a 64-bit word W equals <c>a · b · x</c>, and
/// <c>crc32(0, W)</c> is <c>W · x^32 mod P</c>, so the constant for n bytes is
/// <c>x^(8n − 33) mod P</c> (<see cref="ShiftConstant"/>).
/// </remarks>
internal static class Crc32CShift
{
    /// <summary>The polynomial 1 (x^0), reflected.</summary>
    internal const uint One = 1u << 31;

    /// <summary>The inverse of x modulo P, reflected: <c>x · InverseOfX ≡ 1</c>.</summary>
    /// <remarks>
    /// Multiplying by x is <c>b &gt;&gt; 1</c>, xor P when bit 0 falls off; undoing that step on
    /// <see cref="One"/> (whose x^0 bit can only have come from P) gives
    /// <c>((One ^ P) &lt;&lt; 1) | 1</c>.
    /// </remarks>
    internal const uint InverseOfX = ((One ^ Crc32CPolynomial.Reflected) << 1) | 1;

    /// <summary>Whether this CPU can run <see cref="CarrylessMultiply"/> and <see cref="Shift"/>.</summary>
    internal static bool IsHardwareSupported => Pclmulqdq.IsSupported && Sse42.X64.IsSupported;

    /// <summary>Multiplies two polynomials modulo P, bit by bit (software, any CPU).</summary>
    /// <param name="a">A reflected polynomial of degree below 32.</param>
    /// <param name="b">A reflected polynomial of degree below 32.</param>
    /// <returns><c>a · b mod P</c>, reflected.</returns>
    internal static uint MultiplyModP(uint a, uint b)
    {
        uint product = 0;

        // Walk a's coefficients from x^0 (bit 31) upward while b is multiplied by x each step.
        for (uint coefficient = One; a != 0; coefficient >>= 1)
        {
            if ((a & coefficient) != 0)
            {
                product ^= b;
                a ^= coefficient;
            }

            b = (b & 1) != 0 ? (b >> 1) ^ Crc32CPolynomial.Reflected : b >> 1;
        }

        return product;
    }

    /// <summary>Computes <c>x^exponent mod P</c> by square-and-multiply (software).</summary>
    /// <param name="exponent">Any exponent; a negative one uses the inverse of x.</param>
    /// <returns><c>x^exponent mod P</c>, reflected.</returns>
    internal static uint XPowerModP(long exponent)
    {
        uint power = exponent < 0 ? InverseOfX : One >> 1; // x^-1 or x^1
        ulong remaining = exponent < 0 ? (ulong)-exponent : (ulong)exponent;
        uint result = One;
        while (remaining != 0)
        {
            if ((remaining & 1) != 0)
            {
                result = MultiplyModP(result, power);
            }

            power = MultiplyModP(power, power);
            remaining >>= 1;
        }

        return result;
    }

    /// <summary>
    /// The constant that <see cref="Shift"/> and <see cref="CarrylessMultiply"/> use to move a
    /// register across <paramref name="byteCount"/> bytes: <c>x^(8·byteCount − 33) mod P</c>.
    /// </summary>
    /// <param name="byteCount">How many bytes the register is moved across (0 or more).</param>
    /// <returns>The reflected constant.</returns>
    internal static uint ShiftConstant(long byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        return XPowerModP((8 * byteCount) - 33);
    }

    /// <summary>
    /// The 64-bit carry-less product of two 32-bit values (PCLMULQDQ). Fed through one
    /// <c>crc32</c> instruction, <c>CarrylessMultiply(state, ShiftConstant(n))</c> contributes
    /// exactly what <paramref name="a"/> shifted across n bytes would, so it can be xored into
    /// the last word of the data that follows instead of being reduced separately.
    /// </summary>
    /// <param name="a">The first factor.</param>
    /// <param name="b">The second factor.</param>
    /// <returns>The product, bit i of which is the xor of a_j · b_(i−j).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong CarrylessMultiply(uint a, uint b) =>
        Pclmulqdq.CarrylessMultiply(Vector128.CreateScalar((ulong)a), Vector128.CreateScalar((ulong)b), 0x00).ToScalar();

    /// <summary>
    /// Moves a raw register across bytes it has not seen: returns the register that
    /// <paramref name="state"/> becomes after n zero bytes, where
    /// <paramref name="shiftConstant"/> is <see cref="ShiftConstant"/>(n).
    /// </summary>
    /// <param name="state">The raw register.</param>
    /// <param name="shiftConstant">The constant for the distance.</param>
    /// <returns><c>state · x^(8n) mod P</c>, reflected.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Shift(uint state, uint shiftConstant) =>
        (uint)Sse42.X64.Crc32(0UL, CarrylessMultiply(state, shiftConstant));
}
