namespace Durably.IO.Linux;

/// <summary>The <c>IORING_FSYNC_*</c> bits of <c>io_uring_sqe.fsync_flags</c>.</summary>
[Flags]
internal enum IoUringFsyncOptions : uint
{
    /// <summary>A full fsync (data and all metadata).</summary>
    None = 0,

    /// <summary><c>IORING_FSYNC_DATASYNC</c>: fdatasync semantics (data plus the metadata needed to read it).</summary>
    DataSync = 1 << 0,
}
