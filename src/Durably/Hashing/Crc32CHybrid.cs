using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Durably.Hashing;

/// <summary>
/// The widest x86 path: VPCLMULQDQ folding and three <c>crc32</c> chains run side by side on
/// different parts of the buffer. The carry-less multiplier and the <c>crc32</c> unit are
/// separate execution units, and either alone is saturated by its own loop (both paths reach
/// about the same speed), so running both at once roughly adds their throughputs.
/// </summary>
/// <remarks>
/// A block of n steps is laid out as <c>[fold region: 128·n][stream a][stream b][stream c]</c>,
/// each stream <c>8·WordsPerStep·n</c> bytes. Every step folds 128 bytes of the first region and
/// advances each stream by <see cref="WordsPerStep"/> words. At the end the folded lanes are
/// reduced to a register, and that register and streams a and b are shifted across what follows
/// them by carry-less multiplies xored into the last word of stream c (see
/// <see cref="Crc32CInterleaved"/> and <see cref="Crc32CShift"/>).
/// </remarks>
internal static class Crc32CHybrid
{
    /// <summary>
    /// 8-byte words each stream takes per 128-byte fold step. On Zen 3, 4 to 8 words measured
    /// within a few percent of each other (38–40 GB/s, the two units do not overlap perfectly);
    /// 6 was the best, and 18 <c>crc32</c> take about as long as eight 256-bit carry-less multiplies.
    /// </summary>
    private const int WordsPerStep = 6;

    private const int StreamBytesPerStep = 8 * WordsPerStep;

    /// <summary>Bytes one step consumes: 128 folded and three stream slices.</summary>
    internal const int BytesPerStep = 128 + (3 * StreamBytesPerStep);

    /// <summary>Steps per block: bounds the constant table; merging every ~17 KiB costs little.</summary>
    internal const int MaximumStepsPerBlock = 64;

    // For a block of i+1 steps (stream length L = StreamBytesPerStep·(i+1)), entries 3i, 3i+1 and
    // 3i+2 shift a register across L, 2L and 3L bytes (Crc32CShift.ShiftConstant).
    private static readonly uint[] ShiftConstants = BuildShiftConstants();

    /// <summary>Whether this CPU and process can run the path.</summary>
    internal static bool IsSupported => Crc32CFolding.IsVector256Supported;

    /// <summary>
    /// Advances a raw CRC register (not complemented) over <paramref name="data"/>.
    /// </summary>
    /// <param name="state">The register before the data (~0 at the start of a message).</param>
    /// <param name="data">The bytes to process.</param>
    /// <returns>The register after the data.</returns>
    internal static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        if (data.Length < BytesPerStep)
        {
            return Crc32CFolding.UpdateVector256(state, data);
        }

        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint offset = 0;

        while (length - offset >= BytesPerStep)
        {
            nuint steps = Math.Min((length - offset) / BytesPerStep, MaximumStepsPerBlock);
            state = UpdateBlock(state, ref Unsafe.Add(ref start, offset), steps);
            offset += steps * BytesPerStep;
        }

        return Crc32CFolding.UpdateVector256(state, data[(int)offset..]);
    }

    private static uint UpdateBlock(uint state, ref byte block, nuint steps)
    {
        nuint foldLength = 128 * steps;
        nuint streamLength = StreamBytesPerStep * steps;
        ref byte first = ref Unsafe.Add(ref block, foldLength);
        ref byte second = ref Unsafe.Add(ref first, streamLength);
        ref byte third = ref Unsafe.Add(ref second, streamLength);

        Vector256<ulong> y0 = Load256(ref block, 0) ^ Vector256.CreateScalar((ulong)state);
        Vector256<ulong> y1 = Load256(ref block, 32);
        Vector256<ulong> y2 = Load256(ref block, 64);
        Vector256<ulong> y3 = Load256(ref block, 96);
        ulong a = 0;
        ulong b = 0;
        ulong c = 0;

        Vector256<ulong> foldStep = Vector256.Create(Crc32CFolding.FoldBy128Bytes, Crc32CFolding.FoldBy128Bytes);
        nuint word = 0;
        for (nuint fold = 128; fold < foldLength; fold += 128, word += StreamBytesPerStep)
        {
            y0 = Fold(y0, foldStep) ^ Load256(ref block, fold);
            y1 = Fold(y1, foldStep) ^ Load256(ref block, fold + 32);
            y2 = Fold(y2, foldStep) ^ Load256(ref block, fold + 64);
            y3 = Fold(y3, foldStep) ^ Load256(ref block, fold + 96);

            // WordsPerStep words of each stream, written out so the three chains interleave.
            a = Crc(a, ref first, word);
            b = Crc(b, ref second, word);
            c = Crc(c, ref third, word);
            a = Crc(a, ref first, word + 8);
            b = Crc(b, ref second, word + 8);
            c = Crc(c, ref third, word + 8);
            a = Crc(a, ref first, word + 16);
            b = Crc(b, ref second, word + 16);
            c = Crc(c, ref third, word + 16);
            a = Crc(a, ref first, word + 24);
            b = Crc(b, ref second, word + 24);
            c = Crc(c, ref third, word + 24);
            a = Crc(a, ref first, word + 32);
            b = Crc(b, ref second, word + 32);
            c = Crc(c, ref third, word + 32);
            a = Crc(a, ref first, word + 40);
            b = Crc(b, ref second, word + 40);
            c = Crc(c, ref third, word + 40);
        }

        // The last step's stream words, all but stream c's final word, which carries the merge.
        for (; word < streamLength - 8; word += 8)
        {
            a = Crc(a, ref first, word);
            b = Crc(b, ref second, word);
            c = Crc(c, ref third, word);
        }

        a = Crc(a, ref first, word);
        b = Crc(b, ref second, word);

        Vector256<ulong> by64Bytes = Vector256.Create(Crc32CFolding.FoldBy64Bytes, Crc32CFolding.FoldBy64Bytes);
        Vector256<ulong> by32Bytes = Vector256.Create(Crc32CFolding.FoldBy32Bytes, Crc32CFolding.FoldBy32Bytes);
        y2 ^= Fold(y0, by64Bytes);
        y3 ^= Fold(y1, by64Bytes);
        y3 ^= Fold(y2, by32Bytes);
        Vector128<ulong> lane = Fold(y3.GetLower(), Crc32CFolding.FoldBy16Bytes) ^ y3.GetUpper();
        ulong folded = Sse42.X64.Crc32(Sse42.X64.Crc32(0UL, lane.ToScalar()), lane.GetElement(1));

        ref uint constants = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(ShiftConstants), 3 * (steps - 1));
        ulong shifted = Crc32CShift.CarrylessMultiply((uint)folded, Unsafe.Add(ref constants, 2))
            ^ Crc32CShift.CarrylessMultiply((uint)a, Unsafe.Add(ref constants, 1))
            ^ Crc32CShift.CarrylessMultiply((uint)b, constants);
        return (uint)Sse42.X64.Crc32(c, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref third, word)) ^ shifted);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Crc(ulong state, ref byte stream, nuint offset) =>
        Sse42.X64.Crc32(state, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref stream, offset)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Fold(Vector256<ulong> lanes, Vector256<ulong> constants) =>
        Pclmulqdq.V256.CarrylessMultiply(lanes, constants, 0x00) ^ Pclmulqdq.V256.CarrylessMultiply(lanes, constants, 0x11);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Fold(Vector128<ulong> lane, Vector128<ulong> constants) =>
        Pclmulqdq.CarrylessMultiply(lane, constants, 0x00) ^ Pclmulqdq.CarrylessMultiply(lane, constants, 0x11);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Load256(ref byte start, nuint offset) =>
        Vector256.LoadUnsafe(ref start, offset).AsUInt64();

    private static uint[] BuildShiftConstants()
    {
        var constants = new uint[3 * MaximumStepsPerBlock];
        uint step = Crc32CShift.XPowerModP(8 * StreamBytesPerStep);
        uint oneStream = Crc32CShift.ShiftConstant(StreamBytesPerStep);
        uint twoStreams = Crc32CShift.ShiftConstant(2 * StreamBytesPerStep);
        uint threeStreams = Crc32CShift.ShiftConstant(3 * StreamBytesPerStep);
        for (int i = 0; i < MaximumStepsPerBlock; i++)
        {
            constants[3 * i] = oneStream;
            constants[(3 * i) + 1] = twoStreams;
            constants[(3 * i) + 2] = threeStreams;

            // One more step lengthens each stream by StreamBytesPerStep: L grows by that, 2L by
            // twice that, 3L by three times.
            oneStream = Crc32CShift.MultiplyModP(oneStream, step);
            twoStreams = Crc32CShift.MultiplyModP(Crc32CShift.MultiplyModP(twoStreams, step), step);
            threeStreams = Crc32CShift.MultiplyModP(Crc32CShift.MultiplyModP(Crc32CShift.MultiplyModP(threeStreams, step), step), step);
        }

        return constants;
    }
}
