namespace Durably.Hashing;

/// <summary>The ways this library can compute CRC-32C; one is chosen per process at start-up.</summary>
internal enum Crc32CImplementation
{
    /// <summary>Slicing-by-8 tables: any CPU (<see cref="Crc32CTable"/>).</summary>
    Table,

    /// <summary>One chain of SSE4.2 <c>crc32</c> instructions (<see cref="Crc32CSse42"/>).</summary>
    Sse42,

    /// <summary>One chain of Arm64 <c>crc32cx</c> instructions (<see cref="Crc32CArm64"/>).</summary>
    Arm64,

    /// <summary>Three interleaved <c>crc32</c> chains merged by PCLMULQDQ (<see cref="Crc32CInterleaved"/>).</summary>
    Interleaved,

    /// <summary>PCLMULQDQ folding on 128-bit registers (<see cref="Crc32CFolding.UpdateVector128"/>).</summary>
    FoldingVector128,

    /// <summary>VPCLMULQDQ folding on 256-bit registers (<see cref="Crc32CFolding.UpdateVector256"/>).</summary>
    FoldingVector256,

    /// <summary>VPCLMULQDQ folding and three <c>crc32</c> chains side by side (<see cref="Crc32CHybrid"/>).</summary>
    Hybrid,
}
