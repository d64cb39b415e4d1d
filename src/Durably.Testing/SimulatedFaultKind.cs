namespace Durably.Testing;

/// <summary>The faults a <see cref="SimulatedDisk"/> can inject into its operations.</summary>
public enum SimulatedFaultKind
{
    /// <summary>A write fails with EIO; some of its sectors may or may not have reached the disk.</summary>
    WriteError,

    /// <summary>
    /// An fdatasync/fsync fails with EIO; each write it should have made durable is lost, kept or
    /// torn, and reads show what the disk really holds.
    /// </summary>
    SyncError,

    /// <summary>A write fails with ENOSPC (nothing written), as on a thin or copy-on-write volume.</summary>
    NoSpace,

    /// <summary>A write transfers only some whole sectors and reports the shorter count.</summary>
    ShortWrite,

    /// <summary>A write reports success but lands at another sector-aligned offset of the same file.</summary>
    MisdirectedWrite,

    /// <summary>A read fails with EIO.</summary>
    ReadError,

    /// <summary>
    /// Creating a file throws <see cref="InvalidOperationException"/> rather than a storage error:
    /// a failure outside the storage error model (a bug, an unexpected runtime error), to check
    /// that such failures fault the log instead of leaving it waiting.
    /// </summary>
    CreateThrows,

    /// <summary>
    /// Submitting operations on the file throws <see cref="InvalidOperationException"/> before any
    /// of them runs: an engine failure outside any operation's result.
    /// </summary>
    SubmitThrows,

    /// <summary>
    /// Waiting for a submission that wrote to the file throws <see cref="InvalidOperationException"/>
    /// with the operations still counted as in flight, as when an io_uring ring fails under them: the
    /// engine then reports operations in flight, so the log must fault and must not free the buffers
    /// those operations use.
    /// </summary>
    WaitThrows,

    /// <summary>
    /// Deleting (unlinking) an existing file fails with EIO and the file stays, as on a file system
    /// that refuses to change its directory (read-only remount, a failing metadata block).
    /// </summary>
    DeleteError,
}
