namespace Durably.IO.Linux;

/// <summary>The <c>IORING_ENTER_*</c> bits passed to <c>io_uring_enter</c>.</summary>
[Flags]
internal enum IoUringEnterOptions : uint
{
    /// <summary>Submit only.</summary>
    None = 0,

    /// <summary>
    /// <c>IORING_ENTER_GETEVENTS</c>: wait for <c>min_complete</c> completions, run deferred completion work
    /// and flush overflowed completions into the CQ ring.
    /// </summary>
    GetEvents = 1 << 0,
}
