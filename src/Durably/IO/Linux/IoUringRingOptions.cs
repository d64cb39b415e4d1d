namespace Durably.IO.Linux;

/// <summary>How to set up an <see cref="IoUringRing"/>.</summary>
internal sealed class IoUringRingOptions
{
    /// <summary>
    /// Setup flags tried in order; EINVAL from one moves to the next. Newest first: one owning thread with
    /// completion work deferred to its waits (6.1), then single issuer with cooperative task running (6.0),
    /// then cooperative task running (5.19), then submit-all (5.18), then a plain ring (5.1).
    /// </summary>
    public static IReadOnlyList<IoUringSetupOptions> DefaultSetupLadder { get; } =
    [
        IoUringSetupOptions.SingleIssuer | IoUringSetupOptions.DeferTaskRun | IoUringSetupOptions.SubmitAll,
        IoUringSetupOptions.SingleIssuer | IoUringSetupOptions.CooperativeTaskRun | IoUringSetupOptions.SubmitAll,
        IoUringSetupOptions.CooperativeTaskRun | IoUringSetupOptions.SubmitAll,
        IoUringSetupOptions.SubmitAll,
        IoUringSetupOptions.None,
    ];

    /// <summary>Requested submission queue size (the kernel rounds up to a power of two); 1 to 32768.</summary>
    public uint SubmissionQueueEntries { get; init; } = 64;

    /// <summary>Requested completion queue size, at least <see cref="SubmissionQueueEntries"/>; 0 lets the kernel pick twice the SQ size.</summary>
    public uint CompletionQueueEntries { get; init; }

    /// <summary>The setup flag sets to try, in order; <see cref="DefaultSetupLadder"/> unless a test narrows it.</summary>
    public IReadOnlyList<IoUringSetupOptions> SetupLadder { get; init; } = DefaultSetupLadder;

    /// <summary>
    /// Create the ring disabled (IORING_SETUP_R_DISABLED, added to every rung of the ladder, so kernels
    /// before 5.10 refuse it): buffers and files can then be registered from any one thread at a time, and
    /// <see cref="IoUringRing.Enable"/> later makes the calling thread the ring's owner and single issuer.
    /// For a ring set up on one thread and driven by another (the log opens on the caller's thread; the log
    /// thread commits).
    /// </summary>
    public bool StartDisabled { get; init; }

    /// <summary>
    /// Map the SQ and CQ rings separately even when the kernel offers IORING_FEAT_SINGLE_MMAP, so the path
    /// pre-5.4 kernels take is exercised on current kernels too.
    /// </summary>
    public bool MapRingsSeparately { get; init; }

    /// <summary>
    /// Tests only: caps the entries one io_uring_enter is asked to submit, to reproduce a kernel that
    /// accepts fewer entries than were published. Null (always, outside tests): no cap.
    /// </summary>
    internal uint? SubmitCap { get; init; }
}
