using Durably.IO;

namespace Durably;

/// <summary>
/// An I/O engine for the write-ahead log: the file system it works on and the way a commit's
/// writes, syncs and read-backs reach the disk. Durably ships the Portable engine (pwrite +
/// fdatasync) and, in Durably.Testing, a simulated disk with a crash model; pass an instance in
/// <see cref="LogOptions.CustomEngine"/> to choose one explicitly. The log takes
/// ownership and disposes it. The members are internal: engines are part of Durably.
/// </summary>
/// <remarks>
/// The contract is shaped after io_uring so that an io_uring engine is a direct mapping:
/// buffers are registered once (IORING_REGISTER_BUFFERS), segment files are registered into
/// slots (IORING_REGISTER_FILES / _UPDATE), and a commit is one group of operations with
/// IOSQE_IO_LINK chains, started by <see cref="SubmitGroup"/> under a tag and collected by
/// <see cref="ReapGroup"/>, which reports each operation's result (bytes or <c>-errno</c>).
/// Up to <see cref="MaxGroupsInFlight"/> groups may be in flight at once, and they may complete
/// in any order (the caller orders what it acknowledges). One thread (the log thread) calls
/// Register*, SubmitGroup and ReapGroup. The <see cref="FileSystem"/> is used from other
/// threads too (recovery, preallocation, readers).
/// </remarks>
public abstract class IoEngine : IDisposable
{
    internal IoEngine()
    {
    }

    /// <summary>Short engine name for status and messages ("portable", "io_uring", "simulated").</summary>
    internal abstract string Name { get; }

    /// <summary>The kind reported in the log's status.</summary>
    internal abstract LogEngineKind Kind { get; }

    /// <summary>The directories, files and locks this engine works on.</summary>
    internal abstract StorageFileSystem FileSystem { get; }

    /// <summary>
    /// Registers the buffers operations refer to by index. Called once, before any submission;
    /// the buffers stay alive and unmoved until the engine is disposed.
    /// </summary>
    internal abstract void RegisterBuffers(IReadOnlyList<AlignedBuffer> buffers);

    /// <summary>Registers an open file and returns the slot operations refer to it by.</summary>
    internal abstract int RegisterFile(StorageFile file);

    /// <summary>Releases a slot; the file itself stays open (its owner closes it).</summary>
    internal abstract void UnregisterFile(int slot);

    /// <summary>
    /// How many groups may be in flight at once: 1 for an engine that does the work inside
    /// <see cref="SubmitGroup"/> (nothing is gained by submitting ahead there, and the earlier
    /// group's callers would wait for the later group's flush).
    /// </summary>
    internal virtual int MaxGroupsInFlight => 1;

    /// <summary>
    /// Starts a group of operations under <paramref name="tag"/> and returns without waiting for
    /// it (an engine without asynchronous I/O may do the work here). Chains (runs joined by
    /// <see cref="IoOperation.LinkNext"/>) run in order inside; separate chains, and separate
    /// groups, are independent and may run concurrently. At most <see cref="MaxGroupsInFlight"/>
    /// groups may be submitted and not yet reaped.
    /// </summary>
    internal abstract void SubmitGroup(long tag, ReadOnlySpan<IoOperation> operations);

    /// <summary>
    /// Waits until one submitted group has completed entirely — whichever finishes first, not
    /// necessarily the oldest — writes each of its operations' results, in submission order, into
    /// <paramref name="results"/> and returns its tag: bytes transferred or 0 for a sync on success,
    /// <c>-errno</c> on failure, <c>-ECANCELED</c> for an operation whose chain broke before it. A
    /// short transfer is reported as its byte count (it breaks the chain; the caller treats it as a
    /// failure, never as a reason to retry).
    /// </summary>
    internal abstract long ReapGroup(Span<int> results);

    /// <summary>Starts one group with nothing else in flight (<see cref="SubmitGroup"/> with tag 0).</summary>
    internal void Submit(ReadOnlySpan<IoOperation> operations) => SubmitGroup(0, operations);

    /// <summary>Collects the group <see cref="Submit"/> started (<see cref="ReapGroup"/>).</summary>
    internal void WaitForCompletions(Span<int> results) => ReapGroup(results);

    /// <summary>
    /// True when operations were handed to the kernel and never completed — after a ring failure, say.
    /// The memory they read from or write into may still be in use by the kernel after <see cref="Dispose()"/>,
    /// so their buffers must not be freed (the log then leaves them allocated rather than risk the kernel
    /// writing into memory that was handed out again).
    /// </summary>
    internal virtual bool HasOperationsInFlight => false;

    /// <summary>Releases the engine (rings, threads, registrations).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources; <paramref name="disposing"/> is false from a finalizer.</summary>
    protected abstract void Dispose(bool disposing);
}
