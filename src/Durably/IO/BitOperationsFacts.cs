namespace Durably.IO;

/// <summary>Alignment arithmetic shared by the IO layer and the log format.</summary>
internal static class BitOperationsFacts
{
    /// <summary>True if <paramref name="value"/> is a positive power of two.</summary>
    internal static bool IsPowerOfTwo(long value) => value > 0 && (value & (value - 1)) == 0;

    /// <summary>Rounds <paramref name="value"/> up to a multiple of the power-of-two <paramref name="alignment"/>.</summary>
    internal static long AlignUp(long value, int alignment) => (value + alignment - 1) & ~(long)(alignment - 1);

    /// <summary>Rounds <paramref name="value"/> down to a multiple of the power-of-two <paramref name="alignment"/>.</summary>
    internal static long AlignDown(long value, int alignment) => value & ~(long)(alignment - 1);

    /// <summary>True if <paramref name="value"/> is a multiple of the power-of-two <paramref name="alignment"/>.</summary>
    internal static bool IsAligned(long value, int alignment) => (value & (alignment - 1)) == 0;
}
