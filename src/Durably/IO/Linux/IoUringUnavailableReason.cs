namespace Durably.IO.Linux;

/// <summary>Why a ring could not be created, in the terms an operator acts on.</summary>
internal enum IoUringUnavailableReason
{
    /// <summary>Not Linux on x86_64/arm64: the syscall numbers and mmap flags Durably uses do not apply.</summary>
    UnsupportedPlatform,

    /// <summary>EPERM: a seccomp filter (Docker's default profile) or <c>kernel.io_uring_disabled</c> forbids io_uring.</summary>
    Blocked,

    /// <summary>ENOSYS: the kernel predates io_uring (5.1) or was built without it.</summary>
    NotImplemented,

    /// <summary>EINVAL for every setup flag combination tried.</summary>
    SetupRejected,

    /// <summary>ENOMEM, EMFILE or ENFILE: the rings could not be allocated or the descriptor table is full.</summary>
    OutOfResources,

    /// <summary>Any other errno, or a failure to map the rings.</summary>
    Failed,
}
