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
