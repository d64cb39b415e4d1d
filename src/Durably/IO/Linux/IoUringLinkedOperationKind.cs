namespace Durably.IO.Linux;

/// <summary>What one operation of a linked chain does.</summary>
internal enum IoUringLinkedOperationKind
{
    /// <summary>NOP.</summary>
    Nop,

    /// <summary>WRITE_FIXED from a registered buffer.</summary>
    WriteFixed,

    /// <summary>READ_FIXED into a registered buffer.</summary>
    ReadFixed,

    /// <summary>WRITE from plain memory.</summary>
    Write,

    /// <summary>READ into plain memory.</summary>
    Read,

    /// <summary>FSYNC with IORING_FSYNC_DATASYNC (fdatasync) over the whole file.</summary>
    DataSync,
}
