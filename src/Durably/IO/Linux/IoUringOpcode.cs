namespace Durably.IO.Linux;

/// <summary>
/// The submission opcodes Durably issues (<c>enum io_uring_op</c> in linux/io_uring.h; the values are
/// positions in that enum and never change once a kernel ships them).
/// </summary>
internal enum IoUringOpcode : byte
{
    /// <summary><c>IORING_OP_NOP</c>: completes with 0 without touching a file (5.1).</summary>
    Nop = 0,

    /// <summary><c>IORING_OP_FSYNC</c>: fsync, or fdatasync with <see cref="IoUringFsyncOptions.DataSync"/> (5.1).</summary>
    Fsync = 3,

    /// <summary><c>IORING_OP_READ_FIXED</c>: read into a registered buffer (5.1).</summary>
    ReadFixed = 4,

    /// <summary><c>IORING_OP_WRITE_FIXED</c>: write from a registered buffer (5.1).</summary>
    WriteFixed = 5,

    /// <summary><c>IORING_OP_READ</c>: read into plain memory (5.6).</summary>
    Read = 22,

    /// <summary><c>IORING_OP_WRITE</c>: write from plain memory (5.6).</summary>
    Write = 23,
}
