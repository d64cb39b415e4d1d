namespace Durably.IO.Linux;

/// <summary>The <c>IORING_SQ_*</c> bits the kernel sets in the SQ ring's flags word.</summary>
[Flags]
internal enum IoUringSubmissionQueueStatus : uint
{
    /// <summary>Nothing to report.</summary>
    None = 0,

    /// <summary><c>IORING_SQ_NEED_WAKEUP</c>: the SQPOLL thread sleeps (not used by Durably).</summary>
    NeedWakeup = 1 << 0,

    /// <summary>
    /// <c>IORING_SQ_CQ_OVERFLOW</c>: completions are waiting in the kernel's overflow list because the CQ
    /// ring was full; an enter with GETEVENTS moves them into the ring once it has room.
    /// </summary>
    CompletionQueueOverflow = 1 << 1,

    /// <summary><c>IORING_SQ_TASKRUN</c>: completion work is pending and needs a kernel entry.</summary>
    TaskRun = 1 << 2,
}
