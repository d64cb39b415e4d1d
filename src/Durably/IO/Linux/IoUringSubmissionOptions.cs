namespace Durably.IO.Linux;

/// <summary>
/// The <c>IOSQE_*</c> bits of <c>io_uring_sqe.flags</c> that Durably uses.
/// </summary>
/// <remarks>
/// <c>IOSQE_IO_HARDLINK</c> (bit 3) is deliberately absent: a hard link runs the next operation even when
/// this one failed or was short, which would turn a failed write into a "successful" fdatasync.
/// </remarks>
[Flags]
internal enum IoUringSubmissionOptions : byte
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary><c>IOSQE_FIXED_FILE</c>: <c>fd</c> is an index into the registered file table.</summary>
    FixedFile = 1 << 0,

    /// <summary>
    /// <c>IOSQE_IO_LINK</c>: the next entry starts only after this one completes successfully (for reads and
    /// writes: transferred every byte asked for); otherwise the rest of the chain completes with -ECANCELED.
    /// </summary>
    IoLink = 1 << 2,
}
