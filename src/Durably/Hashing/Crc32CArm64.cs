using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace Durably.Hashing;

/// <summary>
/// The single-stream Arm path: one <c>crc32cx</c> instruction per 8-byte word (ARMv8 CRC32
/// extension, 64-bit processes).
/// </summary>
internal static class Crc32CArm64
{
    /// <summary>Whether this CPU and process can run the path.</summary>
    internal static bool IsSupported => ArmCrc32.Arm64.IsSupported;

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

        for (; length - offset >= 8; offset += 8)
        {
            state = ArmCrc32.Arm64.ComputeCrc32C(state, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset)));
        }

        for (; length - offset >= 4; offset += 4)
        {
            state = ArmCrc32.ComputeCrc32C(state, Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, offset)));
        }

        for (; offset < length; offset++)
        {
            state = ArmCrc32.ComputeCrc32C(state, Unsafe.Add(ref start, offset));
        }

        return state;
    }
}
