namespace Durably.IO;

/// <summary>What one <see cref="IoOperation"/> does; each maps to one io_uring opcode.</summary>
internal enum IoOpcode : byte
{
    /// <summary>Write <c>Length</c> bytes from a registered buffer at a file offset (IORING_OP_WRITE_FIXED).</summary>
    Write,

    /// <summary>Flush the file's data to stable storage (IORING_OP_FSYNC with IORING_FSYNC_DATASYNC).</summary>
    SyncData,

    /// <summary>Read <c>Length</c> bytes at a file offset into a registered buffer (IORING_OP_READ_FIXED).</summary>
    Read,
}
