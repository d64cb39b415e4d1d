using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary><c>struct io_uring_params</c>: passed to <c>io_uring_setup</c> and filled in by the kernel.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct IoUringParams
{
    /// <summary>Bytes in the structure.</summary>
    public const int Size = 120;

    /// <summary><c>sq_entries</c>: the SQ size the kernel chose (a power of two ≥ the request).</summary>
    [FieldOffset(0)] public uint SubmissionQueueEntries;

    /// <summary><c>cq_entries</c>: the wanted CQ size with IORING_SETUP_CQSIZE; the chosen size on return.</summary>
    [FieldOffset(4)] public uint CompletionQueueEntries;

    /// <summary><c>flags</c> (<c>IORING_SETUP_*</c>).</summary>
    [FieldOffset(8)] public IoUringSetupOptions Flags;

    /// <summary><c>sq_thread_cpu</c>.</summary>
    [FieldOffset(12)] public uint SubmissionThreadCpu;

    /// <summary><c>sq_thread_idle</c>.</summary>
    [FieldOffset(16)] public uint SubmissionThreadIdle;

    /// <summary><c>features</c> (<c>IORING_FEAT_*</c>), written by the kernel.</summary>
    [FieldOffset(20)] public IoUringFeatures Features;

    /// <summary><c>wq_fd</c>.</summary>
    [FieldOffset(24)] public uint WorkQueueFileDescriptor;

    /// <summary><c>resv[0]</c> (must be zero).</summary>
    [FieldOffset(28)] public uint Reserved0;

    /// <summary><c>resv[1]</c> (must be zero).</summary>
    [FieldOffset(32)] public uint Reserved1;

    /// <summary><c>resv[2]</c> (must be zero).</summary>
    [FieldOffset(36)] public uint Reserved2;

    /// <summary><c>sq_off</c>.</summary>
    [FieldOffset(40)] public IoUringSubmissionQueueOffsets SubmissionQueueOffsets;

    /// <summary><c>cq_off</c>.</summary>
    [FieldOffset(80)] public IoUringCompletionQueueOffsets CompletionQueueOffsets;
}
