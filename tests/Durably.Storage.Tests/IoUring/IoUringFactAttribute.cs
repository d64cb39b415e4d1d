using Durably.IO.Linux;

namespace Durably.Storage.Tests.IoUring;

/// <summary>
/// A fact that needs a working io_uring (and, with <see cref="NeedsMount"/>, the right to mount a tmpfs).
/// Where the kernel or a seccomp filter refuses io_uring the test is reported as skipped with the reason,
/// rather than passing without having run.
/// </summary>
internal sealed class IoUringFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> UnavailableReason = new(ProbeRing);

    private bool _needsMount;
    private bool _needsLockedMemoryLimit;

    public IoUringFactAttribute()
    {
        if (UnavailableReason.Value is string reason)
        {
            Skip = reason;
        }
    }

    public bool NeedsMount
    {
        get => _needsMount;
        set
        {
            _needsMount = value;
            if (value && Skip is null && !IoUringSizeLimitedFilesystem.CanMount)
            {
                Skip = "mounting a size-limited tmpfs needs root";
            }
        }
    }

    /// <summary>
    /// The test starts a child process without CAP_IPC_LOCK under a 64 KiB RLIMIT_MEMLOCK
    /// (<see cref="IoUringMemoryLockTests.CannotRestrictLockedMemory"/>): skipped with the reason where that is not possible.
    /// </summary>
    public bool NeedsLockedMemoryLimit
    {
        get => _needsLockedMemoryLimit;
        set
        {
            _needsLockedMemoryLimit = value;
            if (value && Skip is null && IoUringMemoryLockTests.CannotRestrictLockedMemory.Value is string reason)
            {
                Skip = reason;
            }
        }
    }

    private static string? ProbeRing()
    {
        if (!IoUringRing.TryCreate(null, out IoUringRing? ring, out IoUringUnavailableException? unavailable))
        {
            return unavailable.Message;
        }

        ring.Dispose();
        return null;
    }
}
