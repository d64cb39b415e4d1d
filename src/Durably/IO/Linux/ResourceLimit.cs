using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary>struct rlimit: a resource's soft (current) and hard (maximum) limit; <c>ulong.MaxValue</c> is RLIM_INFINITY.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ResourceLimit
{
    /// <summary>rlim_cur: the limit the kernel enforces.</summary>
    public ulong Current;

    /// <summary>rlim_max: how far an unprivileged process may raise <see cref="Current"/>.</summary>
    public ulong Maximum;
}
