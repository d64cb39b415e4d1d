using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Durably.Hashing;

/// <summary>
/// The single-stream x86 path: one SSE4.2 <c>crc32</c> instruction per 8-byte word (per
/// 4-byte word on 32-bit processes). Its speed is bounded by the instruction's latency, which
/// is why the wide paths exist; it also finishes their tails and handles short inputs.
/// </summary>
internal static class Crc32CSse42
{
    /// <summary>Whether this CPU and process can run the path.</summary>
    internal static bool IsSupported => Sse42.IsSupported;

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

        if (Sse42.X64.IsSupported)
        {
            ulong wide = state;
            for (; length - offset >= 8; offset += 8)
            {
                wide = Sse42.X64.Crc32(wide, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset)));
            }

            state = (uint)wide;
        }

        for (; length - offset >= 4; offset += 4)
        {
            state = Sse42.Crc32(state, Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, offset)));
        }

        for (; offset < length; offset++)
        {
            state = Sse42.Crc32(state, Unsafe.Add(ref start, offset));
        }

        return state;
    }
}
