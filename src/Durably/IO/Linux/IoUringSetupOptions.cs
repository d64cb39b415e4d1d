namespace Durably.IO.Linux;

/// <summary>The <c>IORING_SETUP_*</c> bits of <c>io_uring_params.flags</c> that Durably may request.</summary>
[Flags]
internal enum IoUringSetupOptions : uint
{
    /// <summary>A plain interrupt-driven ring (5.1).</summary>
    None = 0,

    /// <summary><c>IORING_SETUP_SQPOLL</c>: a kernel thread polls the submission queue. Not used by Durably.</summary>
    SubmissionQueuePolling = 1 << 1,

    /// <summary><c>IORING_SETUP_SQ_AFF</c>: pin the SQPOLL thread; invalid without SQPOLL (tests use it to provoke EINVAL).</summary>
    SubmissionQueueAffinity = 1 << 2,

    /// <summary><c>IORING_SETUP_CQSIZE</c>: <c>cq_entries</c> holds the wanted completion queue size (5.5).</summary>
    CompletionQueueSize = 1 << 3,

    /// <summary>
    /// <c>IORING_SETUP_R_DISABLED</c>: the ring starts disabled; registrations work from any thread, and
    /// IORING_REGISTER_ENABLE_RINGS later binds the single issuer to the enabling thread (5.10).
    /// </summary>
    RingDisabled = 1 << 6,

    /// <summary><c>IORING_SETUP_SUBMIT_ALL</c>: keep submitting a batch after one entry fails to submit (5.18).</summary>
    SubmitAll = 1 << 7,

    /// <summary><c>IORING_SETUP_COOP_TASKRUN</c>: run completion work only on kernel entry, no IPIs (5.19).</summary>
    CooperativeTaskRun = 1 << 8,

    /// <summary><c>IORING_SETUP_SINGLE_ISSUER</c>: only the creating thread submits (6.0).</summary>
    SingleIssuer = 1 << 12,

    /// <summary>
    /// <c>IORING_SETUP_DEFER_TASKRUN</c>: completion work runs only when the owner enters with
    /// <c>IORING_ENTER_GETEVENTS</c> (6.1; requires <see cref="SingleIssuer"/>).
    /// </summary>
    DeferTaskRun = 1 << 13,
}
