using Durably.IO.Linux;

namespace Durably.Storage.Tests.IoUring;

/// <summary>A theory that needs a working io_uring; skipped with the kernel's reason where io_uring is refused.</summary>
internal sealed class IoUringTheoryAttribute : TheoryAttribute
{
    public IoUringTheoryAttribute()
    {
        if (!IoUringRing.TryCreate(null, out IoUringRing? ring, out IoUringUnavailableException? unavailable))
        {
            Skip = unavailable.Message;
            return;
        }

        ring.Dispose();
    }
}
