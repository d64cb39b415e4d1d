namespace Durably.Runtime;

/// <summary>
/// The MessagePack timestamp extension (type −1): seconds since 1970-01-01T00:00:00Z plus
/// nanoseconds, in a 32-bit (seconds only, 0..2^32-1), 64-bit (30-bit nanoseconds + 34-bit
/// seconds) or 96-bit (32-bit nanoseconds + signed 64-bit seconds) payload.
/// </summary>
internal static class MessagePackTimestamp
{
    /// <summary>The extension type code of timestamps.</summary>
    public const sbyte TypeCode = -1;

    /// <summary>Seconds from 0001-01-01 (DateTime's origin) to the Unix epoch.</summary>
    public const long BclSecondsAtUnixEpoch = 62_135_596_800;

    /// <summary>DateTime ticks are 100 ns.</summary>
    public const uint NanosecondsPerTick = 100;

    /// <summary>One second in nanoseconds; timestamp nanoseconds must stay below it.</summary>
    public const uint NanosecondsPerSecond = 1_000_000_000;

    /// <summary>The earliest Unix second a DateTime can hold (0001-01-01T00:00:00Z).</summary>
    public const long MinUnixSeconds = -BclSecondsAtUnixEpoch;

    /// <summary>The latest Unix second a DateTime can hold (9999-12-31T23:59:59Z).</summary>
    public const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>Splits a DateTime, taken as UTC, into Unix seconds and nanoseconds.</summary>
    /// <param name="utc">The instant; its Kind is not consulted.</param>
    /// <param name="nanoseconds">0..999,999,900.</param>
    /// <returns>Seconds since the Unix epoch (negative before 1970).</returns>
    public static long ToUnixSeconds(DateTime utc, out uint nanoseconds)
    {
        long ticks = utc.Ticks; // never negative, so / and % floor
        nanoseconds = (uint)(ticks % TimeSpan.TicksPerSecond) * NanosecondsPerTick;
        return (ticks / TimeSpan.TicksPerSecond) - BclSecondsAtUnixEpoch;
    }

    /// <summary>Builds a UTC DateTime from Unix seconds and nanoseconds, truncating below a tick.</summary>
    /// <param name="seconds">Unix seconds.</param>
    /// <param name="nanoseconds">Nanoseconds, already checked to be below one second.</param>
    /// <param name="value">The instant, if representable.</param>
    /// <returns>False if the instant lies outside DateTime's range.</returns>
    public static bool TryToDateTime(long seconds, uint nanoseconds, out DateTime value)
    {
        if (seconds < MinUnixSeconds || seconds > MaxUnixSeconds)
        {
            value = default;
            return false;
        }

        long ticks = ((seconds + BclSecondsAtUnixEpoch) * TimeSpan.TicksPerSecond) + (nanoseconds / NanosecondsPerTick);
        value = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }
}
