using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Durably.Hashing;

/// <summary>
/// The wide x86 paths: carry-less multiply folding (PCLMULQDQ on 128-bit registers, or
/// VPCLMULQDQ on 256-bit registers), which consumes 128 bytes per step in eight independent
/// 16-byte lanes, then hands one 16-byte remainder and the tail to <c>crc32</c> instructions.
/// </summary>
/// <remarks>
/// A 16-byte lane X read from the stream is the polynomial <c>L·x^64 + H</c>, L its low
/// (earlier) 8 bytes. Moved D bits forward it is <c>L·x^(D+64) + H·x^D</c>; with the carry-less
/// product of a reflected 64-bit word and a reflected 32-bit constant equal to
/// <c>word · constant · x^33</c>, the two constants are <c>x^(D+31) mod P</c> (for L) and
/// <c>x^(D−33) mod P</c> (for H), and each product is a 128-bit value that is simply xored into
/// the lane D bits later. The folded remainder is congruent to everything before it, so a
/// <c>crc32</c> from a zero register over its 16 bytes yields the CRC register at that point.
/// </remarks>
internal static class Crc32CFolding
{
    /// <summary>Below this the 128-bit path uses the single stream (it needs eight full lanes).</summary>
    private const int MinimumLength128 = 128;

    /// <summary>Below this the 256-bit path hands over to the 128-bit path.</summary>
    private const int MinimumLength256 = 256;

    /// <summary>Whether this CPU and process can run <see cref="UpdateVector128"/>.</summary>
    internal static bool IsVector128Supported => Pclmulqdq.IsSupported && Sse42.X64.IsSupported;

    /// <summary>Whether this CPU and process can run <see cref="UpdateVector256"/>.</summary>
    internal static bool IsVector256Supported => IsVector128Supported && Pclmulqdq.V256.IsSupported;

    /// <summary>Constants (x^(D+31), x^(D−33)) mod P for D = 128 bits: the next lane.</summary>
    internal static Vector128<ulong> FoldBy16Bytes => Vector128.Create(0xF20C0DFEUL, 0x493C7D27UL);

    /// <summary>The same for D = 256 bits.</summary>
    internal static Vector128<ulong> FoldBy32Bytes => Vector128.Create(0x3DA6D0CBUL, 0xBA4FC28EUL);

    /// <summary>The same for D = 512 bits.</summary>
    internal static Vector128<ulong> FoldBy64Bytes => Vector128.Create(0x740EEF02UL, 0x9E4ADDF8UL);

    /// <summary>The same for D = 1024 bits: one main-loop step.</summary>
    internal static Vector128<ulong> FoldBy128Bytes => Vector128.Create(0x6992CEA2UL, 0x0D3B6092UL);

    /// <summary>
    /// Advances a raw CRC register (not complemented) over <paramref name="data"/> with 128-bit
    /// PCLMULQDQ folding.
    /// </summary>
    /// <param name="state">The register before the data (~0 at the start of a message).</param>
    /// <param name="data">The bytes to process.</param>
    /// <returns>The register after the data.</returns>
    internal static uint UpdateVector128(uint state, ReadOnlySpan<byte> data)
    {
        if (data.Length < MinimumLength128)
        {
            return Crc32CSse42.Update(state, data);
        }

        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;

        // The register enters as the first 4 bytes xored with it: that is what an initial value means.
        Vector128<ulong> x0 = Load128(ref start, 0) ^ Vector128.CreateScalar((ulong)state);
        Vector128<ulong> x1 = Load128(ref start, 16);
        Vector128<ulong> x2 = Load128(ref start, 32);
        Vector128<ulong> x3 = Load128(ref start, 48);
        Vector128<ulong> x4 = Load128(ref start, 64);
        Vector128<ulong> x5 = Load128(ref start, 80);
        Vector128<ulong> x6 = Load128(ref start, 96);
        Vector128<ulong> x7 = Load128(ref start, 112);
        nuint offset = 128;

        Vector128<ulong> step = FoldBy128Bytes;
        for (; length - offset >= 128; offset += 128)
        {
            x0 = Fold(x0, step) ^ Load128(ref start, offset);
            x1 = Fold(x1, step) ^ Load128(ref start, offset + 16);
            x2 = Fold(x2, step) ^ Load128(ref start, offset + 32);
            x3 = Fold(x3, step) ^ Load128(ref start, offset + 48);
            x4 = Fold(x4, step) ^ Load128(ref start, offset + 64);
            x5 = Fold(x5, step) ^ Load128(ref start, offset + 80);
            x6 = Fold(x6, step) ^ Load128(ref start, offset + 96);
            x7 = Fold(x7, step) ^ Load128(ref start, offset + 112);
        }

        // Merge the eight lanes as a tree: 64 bytes, then 32, then 16 forward.
        x4 ^= Fold(x0, FoldBy64Bytes);
        x5 ^= Fold(x1, FoldBy64Bytes);
        x6 ^= Fold(x2, FoldBy64Bytes);
        x7 ^= Fold(x3, FoldBy64Bytes);
        x6 ^= Fold(x4, FoldBy32Bytes);
        x7 ^= Fold(x5, FoldBy32Bytes);
        x7 ^= Fold(x6, FoldBy16Bytes);

        return Finish(x7, data, offset);
    }

    /// <summary>
    /// Advances a raw CRC register (not complemented) over <paramref name="data"/> with 256-bit
    /// VPCLMULQDQ folding.
    /// </summary>
    /// <param name="state">The register before the data (~0 at the start of a message).</param>
    /// <param name="data">The bytes to process.</param>
    /// <returns>The register after the data.</returns>
    internal static uint UpdateVector256(uint state, ReadOnlySpan<byte> data)
    {
        if (data.Length < MinimumLength256)
        {
            // Straight to the single stream for short inputs: one call less matters at 64 bytes.
            return data.Length < MinimumLength128 ? Crc32CSse42.Update(state, data) : UpdateVector128(state, data);
        }

        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;

        Vector256<ulong> y0 = Load256(ref start, 0) ^ Vector256.CreateScalar((ulong)state);
        Vector256<ulong> y1 = Load256(ref start, 32);
        Vector256<ulong> y2 = Load256(ref start, 64);
        Vector256<ulong> y3 = Load256(ref start, 96);
        nuint offset = 128;

        Vector256<ulong> step = Vector256.Create(FoldBy128Bytes, FoldBy128Bytes);
        for (; length - offset >= 128; offset += 128)
        {
            y0 = Fold(y0, step) ^ Load256(ref start, offset);
            y1 = Fold(y1, step) ^ Load256(ref start, offset + 32);
            y2 = Fold(y2, step) ^ Load256(ref start, offset + 64);
            y3 = Fold(y3, step) ^ Load256(ref start, offset + 96);
        }

        Vector256<ulong> by64Bytes = Vector256.Create(FoldBy64Bytes, FoldBy64Bytes);
        Vector256<ulong> by32Bytes = Vector256.Create(FoldBy32Bytes, FoldBy32Bytes);
        y2 ^= Fold(y0, by64Bytes);
        y3 ^= Fold(y1, by64Bytes);
        y3 ^= Fold(y2, by32Bytes);

        for (; length - offset >= 32; offset += 32)
        {
            y3 = Fold(y3, by32Bytes) ^ Load256(ref start, offset);
        }

        Vector128<ulong> x = Fold(y3.GetLower(), FoldBy16Bytes) ^ y3.GetUpper();
        return Finish(x, data, offset);
    }

    /// <summary>
    /// Folds the remaining whole 16-byte lanes into <paramref name="lane"/>, reduces it to a
    /// register and runs the last bytes through the single stream.
    /// </summary>
    private static uint Finish(Vector128<ulong> lane, ReadOnlySpan<byte> data, nuint offset)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        for (; length - offset >= 16; offset += 16)
        {
            lane = Fold(lane, FoldBy16Bytes) ^ Load128(ref start, offset);
        }

        ulong reduced = Sse42.X64.Crc32(Sse42.X64.Crc32(0UL, lane.ToScalar()), lane.GetElement(1));
        return Crc32CSse42.Update((uint)reduced, data[(int)offset..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Fold(Vector128<ulong> lane, Vector128<ulong> constants) =>
        Pclmulqdq.CarrylessMultiply(lane, constants, 0x00) ^ Pclmulqdq.CarrylessMultiply(lane, constants, 0x11);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Fold(Vector256<ulong> lanes, Vector256<ulong> constants) =>
        Pclmulqdq.V256.CarrylessMultiply(lanes, constants, 0x00) ^ Pclmulqdq.V256.CarrylessMultiply(lanes, constants, 0x11);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load128(ref byte start, nuint offset) =>
        Vector128.LoadUnsafe(ref start, offset).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Load256(ref byte start, nuint offset) =>
        Vector256.LoadUnsafe(ref start, offset).AsUInt64();
}
