namespace Durably.IO.Linux;

/// <summary>
/// Operations that run one after another, each only if the previous one fully succeeded
/// (IOSQE_IO_LINK between them; a failure or short transfer completes the rest with -ECANCELED).
/// Separate chains submitted together run independently of each other.
/// </summary>
internal readonly struct IoUringLinkedChain
{
    /// <summary>A chain of the given operations, in order.</summary>
    public IoUringLinkedChain(params IoUringLinkedOperation[] operations)
        : this(new ReadOnlyMemory<IoUringLinkedOperation>(operations ?? throw new ArgumentNullException(nameof(operations))))
    {
    }

    /// <summary>A chain of the given operations, in order (the memory may be reused once the chain has completed).</summary>
    public IoUringLinkedChain(ReadOnlyMemory<IoUringLinkedOperation> operations)
    {
        if (operations.IsEmpty)
        {
            throw new ArgumentException("A chain needs at least one operation.", nameof(operations));
        }

        Operations = operations;
    }

    /// <summary>The operations, in execution order.</summary>
    public ReadOnlyMemory<IoUringLinkedOperation> Operations { get; }

    /// <summary>
    /// The log's commit for one copy: WRITE_FIXED of the frame, then fdatasync, then (when
    /// <paramref name="verifyBufferIndex"/> is given) READ_FIXED of the same range into another registered
    /// buffer so the caller can check what the device returns.
    /// </summary>
    public static IoUringLinkedChain DurableWrite(
        IoUringFileTarget file, IoUringRegisteredBuffers buffers, int writeBufferIndex, int length, long fileOffset, int? verifyBufferIndex)
    {
        IoUringLinkedOperation write = IoUringLinkedOperation.WriteFixed(file, buffers, writeBufferIndex, 0, length, fileOffset);
        IoUringLinkedOperation sync = IoUringLinkedOperation.DataSync(file);
        return verifyBufferIndex is int verify
            ? new IoUringLinkedChain(write, sync, IoUringLinkedOperation.ReadFixed(file, buffers, verify, 0, length, fileOffset))
            : new IoUringLinkedChain(write, sync);
    }
}
