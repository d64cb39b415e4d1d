using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Durably.Hashing;

/// <summary>
/// The portable CRC-32C path: slicing-by-8 over eight 256-entry tables, one table lookup per
/// byte but eight independent lookups per 8-byte word. It is the reference every hardware
/// path is cross-checked against, and the path used where no CRC instruction exists.
/// </summary>
internal static class Crc32CTable
{
    private const int TableCount = 8;

    // Tables[k * 256 + b] is the CRC register after byte b followed by k zero bytes, starting
    // from a zero register; one flat array so the hot loop indexes without bounds checks.
    private static readonly uint[] Tables = BuildTables();

    /// <summary>
    /// Advances a raw CRC register (not complemented) over <paramref name="data"/>.
    /// </summary>
    /// <param name="state">The register before the data (~0 at the start of a message).</param>
    /// <param name="data">The bytes to process.</param>
    /// <returns>The register after the data.</returns>
    internal static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        ref uint table = ref MemoryMarshal.GetArrayDataReference(Tables);
        while (data.Length >= 8)
        {
            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(data) ^ state;

            // Xored as a tree, not left to right: the next word waits on this result.
            state = (Lookup(ref table, 7, word) ^ Lookup(ref table, 6, word >> 8))
                ^ (Lookup(ref table, 5, word >> 16) ^ Lookup(ref table, 4, word >> 24))
                ^ ((Lookup(ref table, 3, word >> 32) ^ Lookup(ref table, 2, word >> 40))
                    ^ (Lookup(ref table, 1, word >> 48) ^ Lookup(ref table, 0, word >> 56)));
            data = data[8..];
        }

        foreach (byte b in data)
        {
            state = Lookup(ref table, 0, state ^ b) ^ (state >> 8);
        }

        return state;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Lookup(ref uint table, nuint tableIndex, ulong value) =>
        Unsafe.Add(ref table, (tableIndex * 256) + (byte)value);

    private static uint[] BuildTables()
    {
        var tables = new uint[TableCount * 256];
        for (uint b = 0; b < 256; b++)
        {
            uint entry = b;
            for (int bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ Crc32CPolynomial.Reflected : entry >> 1;
            }

            tables[b] = entry;
        }

        for (int k = 1; k < TableCount; k++)
        {
            for (int b = 0; b < 256; b++)
            {
                uint previous = tables[((k - 1) * 256) + b];
                tables[(k * 256) + b] = tables[(byte)previous] ^ (previous >> 8);
            }
        }

        return tables;
    }
}
