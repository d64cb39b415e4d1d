using System.Globalization;

namespace Durably.IO.Linux;

/// <summary>
/// RLIMIT_MEMLOCK, as it bears on io_uring: buffers registered with a ring are pinned and, unless the
/// process has CAP_IPC_LOCK, count against this limit (64 KiB on older distributions, 8 MiB on newer
/// ones — so a few logs with 1 MiB frames can exhaust it). Used to explain an ENOMEM from buffer registration.
/// </summary>
internal static class MemoryLockLimit
{
    /// <summary>For example <c>RLIMIT_MEMLOCK is 64 KiB (hard limit 64 KiB)</c>, or why it could not be read.</summary>
    internal static unsafe string Describe()
    {
        ResourceLimit limit;
        if (LinuxSystemCalls.GetResourceLimit(LinuxSystemCalls.ResourceMemoryLock, &limit) != 0)
        {
            return "RLIMIT_MEMLOCK could not be read: " + Errno.Name(LinuxSystemCalls.LastErrno);
        }

        return string.Create(CultureInfo.InvariantCulture, $"RLIMIT_MEMLOCK is {Amount(limit.Current)} (hard limit {Amount(limit.Maximum)})");
    }

    private static string Amount(ulong bytes) => bytes switch
    {
        ulong.MaxValue => "unlimited",
        >= 1UL << 20 when bytes % (1UL << 20) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB"),
        >= 1UL << 10 when bytes % (1UL << 10) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 10} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
