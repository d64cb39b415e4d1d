using System.Runtime.CompilerServices;

namespace Durably.Hashing;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of every log frame,
/// segment header and snapshot. <c>Compute("123456789")</c> is <c>0xE3069283</c>.
/// </summary>
/// <remarks>
/// The fastest implementation this CPU supports is chosen once, when the type is first used:
/// VPCLMULQDQ folding alongside <c>crc32</c> streams, VPCLMULQDQ folding, interleaved
/// <c>crc32</c> streams, PCLMULQDQ folding, SSE4.2 or Arm64 CRC instructions, or a
/// slicing-by-8 table. <see cref="ImplementationName"/> says which.
/// </remarks>
internal static class Crc32C
{
    private static readonly Crc32CImplementation Selected = SelectFastestSupported();

    /// <summary>
    /// A human-readable name of the implementation this process uses, for status output and
    /// benchmark records (for example <c>"slicing-by-8 table"</c> or <c>"SSE4.2 crc32"</c>).
    /// </summary>
    public static string ImplementationName { get; } = Describe(Selected);

    /// <summary>Computes the CRC-32C of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to checksum.</param>
    /// <returns>The finished checksum (initial value and final complement applied).</returns>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>
    /// Extends a finished checksum with more bytes, so that
    /// <c>Append(Compute(a), b) == Compute(a ++ b)</c>.
    /// </summary>
    /// <param name="crc">A finished checksum of the bytes before <paramref name="data"/> (0 for none).</param>
    /// <param name="data">The bytes that follow.</param>
    /// <returns>The finished checksum of the concatenation.</returns>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) => ~Update(Selected, ~crc, data);

    /// <summary>The implementation chosen for this process.</summary>
    internal static Crc32CImplementation Implementation => Selected;

    /// <summary>
    /// Advances a raw CRC register (not complemented) over <paramref name="data"/> with the
    /// given implementation, which must be supported (<see cref="IsSupported"/>).
    /// </summary>
    /// <param name="implementation">Which path to run.</param>
    /// <param name="state">The register before the data (~0 at the start of a message).</param>
    /// <param name="data">The bytes to process.</param>
    /// <returns>The register after the data.</returns>
    // Inlined into Append, where Selected is a constant once the type is initialized, so the
    // tiered JIT drops the switch.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Update(Crc32CImplementation implementation, uint state, ReadOnlySpan<byte> data) =>
        implementation switch
        {
            Crc32CImplementation.Hybrid => Crc32CHybrid.Update(state, data),
            Crc32CImplementation.FoldingVector256 => Crc32CFolding.UpdateVector256(state, data),
            Crc32CImplementation.FoldingVector128 => Crc32CFolding.UpdateVector128(state, data),
            Crc32CImplementation.Interleaved => Crc32CInterleaved.Update(state, data),
            Crc32CImplementation.Sse42 => Crc32CSse42.Update(state, data),
            Crc32CImplementation.Arm64 => Crc32CArm64.Update(state, data),
            Crc32CImplementation.Table => Crc32CTable.Update(state, data),
            _ => throw new ArgumentOutOfRangeException(nameof(implementation), implementation, null),
        };

    /// <summary>Whether this CPU and process can run <paramref name="implementation"/>.</summary>
    /// <param name="implementation">The path asked about.</param>
    /// <returns><see langword="true"/> if <see cref="Update"/> may be called with it.</returns>
    internal static bool IsSupported(Crc32CImplementation implementation) => implementation switch
    {
        Crc32CImplementation.Hybrid => Crc32CHybrid.IsSupported,
        Crc32CImplementation.FoldingVector256 => Crc32CFolding.IsVector256Supported,
        Crc32CImplementation.FoldingVector128 => Crc32CFolding.IsVector128Supported,
        Crc32CImplementation.Interleaved => Crc32CInterleaved.IsSupported,
        Crc32CImplementation.Sse42 => Crc32CSse42.IsSupported,
        Crc32CImplementation.Arm64 => Crc32CArm64.IsSupported,
        Crc32CImplementation.Table => true,
        _ => false,
    };

    /// <summary>A human-readable name of <paramref name="implementation"/>.</summary>
    /// <param name="implementation">The path to name.</param>
    /// <returns>The name.</returns>
    internal static string Describe(Crc32CImplementation implementation) => implementation switch
    {
        Crc32CImplementation.Hybrid => "VPCLMULQDQ 256-bit folding + three SSE4.2 crc32 streams",
        Crc32CImplementation.FoldingVector256 => "VPCLMULQDQ 256-bit folding",
        Crc32CImplementation.FoldingVector128 => "PCLMULQDQ 128-bit folding",
        Crc32CImplementation.Interleaved => "SSE4.2 crc32, three streams merged by PCLMULQDQ",
        Crc32CImplementation.Sse42 => "SSE4.2 crc32",
        Crc32CImplementation.Arm64 => "Arm64 crc32c",
        Crc32CImplementation.Table => "slicing-by-8 table",
        _ => implementation.ToString(),
    };

    // Ordered by measured speed on large buffers (benchmarks/results/crc32c.md: on Zen 3 the
    // hybrid reaches ~40 GB/s, 256-bit folding and the interleaved streams ~25, 128-bit folding
    // ~12, one crc32 chain ~9). Every wide path hands short inputs to the single chain.
    private static Crc32CImplementation SelectFastestSupported()
    {
        ReadOnlySpan<Crc32CImplementation> fastestFirst =
        [
            Crc32CImplementation.Hybrid,
            Crc32CImplementation.FoldingVector256,
            Crc32CImplementation.Interleaved,
            Crc32CImplementation.FoldingVector128,
            Crc32CImplementation.Sse42,
            Crc32CImplementation.Arm64,
        ];
        foreach (Crc32CImplementation implementation in fastestFirst)
        {
            if (IsSupported(implementation))
            {
                return implementation;
            }
        }

        return Crc32CImplementation.Table;
    }
}
