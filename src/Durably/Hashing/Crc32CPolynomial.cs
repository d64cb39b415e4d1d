namespace Durably.Hashing;

/// <summary>
/// The Castagnoli polynomial P(x) = x^32 + 0x1EDC6F41 in the bit-reflected form every CRC-32C
/// path works in: bit 31 of a 32-bit value is the coefficient of x^0 and bit 0 that of x^31,
/// so the first bit of a byte stream (bit 0 of byte 0) is the highest power.
/// </summary>
internal static class Crc32CPolynomial
{
    /// <summary>P(x) without its x^32 term, bit-reflected.</summary>
    internal const uint Reflected = 0x82F63B78u;
}
