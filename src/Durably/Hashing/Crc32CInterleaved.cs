using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Durably.Hashing;

/// <summary>
/// A wide x86 path: the buffer is cut into three equal streams whose <c>crc32</c> chains run
/// interleaved (the instruction's throughput is several times its latency), and the three
/// registers are merged with carry-less multiplies (<see cref="Crc32CShift"/>).
/// </summary>
/// <remarks>
/// For streams a, b, c of n bytes each, the register after a ++ b ++ c is
/// <c>a·x^(16n) ⊕ b·x^(8n) ⊕ c</c> (b and c start from a zero register). Rather than reducing
/// the two shifted registers separately, their carry-less products are xored into c's last
/// 8-byte word before its <c>crc32</c>, which performs the reduction for free.
/// </remarks>
internal static class Crc32CInterleaved
{
    /// <summary>Stream length of the main loop; each step of it covers three times this.</summary>
    internal const int LongStreamLength = 4096;

    /// <summary>Shorter inputs go to the single stream: the merge would cost more than it saves.</summary>
    internal const int MinimumLength = 3 * 64;

    // For a stream length of 8·(i+1) bytes: [2i] moves a register across one stream,
    // [2i+1] across two (Crc32CShift.ShiftConstant of 8·(i+1) and 16·(i+1) bytes).
    private static readonly uint[] ShiftConstants = BuildShiftConstants();

    /// <summary>Whether this CPU and process can run the path.</summary>
    internal static bool IsSupported => Sse42.X64.IsSupported && Pclmulqdq.IsSupported;

    /// <summary>
    /// Advances a raw CRC register (not complemented) over <paramref name="data"/>.
    /// </summary>
    /// <param name="state">The register before the data (~0 at the start of a message).</param>
    /// <param name="data">The bytes to process.</param>
    /// <returns>The register after the data.</returns>
    internal static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint offset = 0;

        while (length - offset >= 3 * LongStreamLength)
        {
            state = UpdateThreeStreams(state, ref Unsafe.Add(ref start, offset), LongStreamLength);
            offset += 3 * LongStreamLength;
        }

        if (length - offset >= MinimumLength)
        {
            // One final round with the longest 8-byte-multiple streams that fit what is left.
            nuint streamLength = (length - offset) / 24 * 8;
            state = UpdateThreeStreams(state, ref Unsafe.Add(ref start, offset), streamLength);
            offset += 3 * streamLength;
        }

        return Crc32CSse42.Update(state, data[(int)offset..]);
    }

    private static uint UpdateThreeStreams(uint state, ref byte first, nuint streamLength)
    {
        ref byte second = ref Unsafe.Add(ref first, streamLength);
        ref byte third = ref Unsafe.Add(ref second, streamLength);
        ulong a = state;
        ulong b = 0;
        ulong c = 0;

        nuint lastWord = streamLength - 8;
        for (nuint offset = 0; offset < lastWord; offset += 8)
        {
            a = Sse42.X64.Crc32(a, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, offset)));
            b = Sse42.X64.Crc32(b, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref second, offset)));
            c = Sse42.X64.Crc32(c, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref third, offset)));
        }

        a = Sse42.X64.Crc32(a, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, lastWord)));
        b = Sse42.X64.Crc32(b, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref second, lastWord)));

        ref uint constants = ref MemoryMarshal.GetArrayDataReference(ShiftConstants);
        nuint index = ((streamLength / 8) - 1) * 2;
        ulong shifted = Crc32CShift.CarrylessMultiply((uint)a, Unsafe.Add(ref constants, index + 1))
            ^ Crc32CShift.CarrylessMultiply((uint)b, Unsafe.Add(ref constants, index));
        ulong last = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref third, lastWord));
        return (uint)Sse42.X64.Crc32(c, last ^ shifted);
    }

    private static uint[] BuildShiftConstants()
    {
        const int count = LongStreamLength / 8;
        var constants = new uint[2 * count];

        // Step from one stream length to the next by multiplying by x^64 and x^128, instead of
        // an exponentiation per entry.
        uint oneStream = Crc32CShift.ShiftConstant(8);
        uint twoStreams = Crc32CShift.ShiftConstant(16);
        uint oneStep = Crc32CShift.XPowerModP(64);
        uint twoSteps = Crc32CShift.XPowerModP(128);
        for (int i = 0; i < count; i++)
        {
            constants[2 * i] = oneStream;
            constants[(2 * i) + 1] = twoStreams;
            oneStream = Crc32CShift.MultiplyModP(oneStream, oneStep);
            twoStreams = Crc32CShift.MultiplyModP(twoStreams, twoSteps);
        }

        return constants;
    }
}
