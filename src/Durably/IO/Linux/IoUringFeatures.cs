namespace Durably.IO.Linux;

/// <summary>The <c>IORING_FEAT_*</c> bits the kernel reports in <c>io_uring_params.features</c>.</summary>
[Flags]
internal enum IoUringFeatures : uint
{
    /// <summary>No features reported (a 5.1-5.3 kernel).</summary>
    None = 0,

    /// <summary><c>IORING_FEAT_SINGLE_MMAP</c>: the SQ and CQ rings share one mapping (5.4).</summary>
    SingleMmap = 1 << 0,

    /// <summary><c>IORING_FEAT_NODROP</c>: completions that do not fit the CQ are kept, not dropped (5.5).</summary>
    NoDrop = 1 << 1,

    /// <summary><c>IORING_FEAT_SUBMIT_STABLE</c>: submission data is consumed by the time enter returns (5.5).</summary>
    SubmitStable = 1 << 2,

    /// <summary><c>IORING_FEAT_RW_CUR_POS</c> (5.6).</summary>
    ReadWriteCurrentPosition = 1 << 3,

    /// <summary><c>IORING_FEAT_CUR_PERSONALITY</c> (5.6).</summary>
    CurrentPersonality = 1 << 4,

    /// <summary><c>IORING_FEAT_FAST_POLL</c> (5.7).</summary>
    FastPoll = 1 << 5,

    /// <summary><c>IORING_FEAT_POLL_32BITS</c> (5.9).</summary>
    Poll32Bits = 1 << 6,

    /// <summary><c>IORING_FEAT_SQPOLL_NONFIXED</c> (5.11).</summary>
    SubmissionPollingNonFixed = 1 << 7,

    /// <summary><c>IORING_FEAT_EXT_ARG</c> (5.11).</summary>
    ExtendedArgument = 1 << 8,

    /// <summary><c>IORING_FEAT_NATIVE_WORKERS</c> (5.12).</summary>
    NativeWorkers = 1 << 9,

    /// <summary><c>IORING_FEAT_RSRC_TAGS</c> (5.13).</summary>
    ResourceTags = 1 << 10,

    /// <summary><c>IORING_FEAT_CQE_SKIP</c> (5.17).</summary>
    CompletionSkip = 1 << 11,

    /// <summary><c>IORING_FEAT_LINKED_FILE</c> (5.17).</summary>
    LinkedFile = 1 << 12,
}
