namespace Durably.IO;

/// <summary>
/// An open file with synchronous positional I/O: used for recovery, repair, preallocation and
/// reading. The commit path goes through <see cref="IoEngine"/> instead. Every method throws
/// <see cref="StorageException"/> on failure; a short write is a failure, never retried.
/// </summary>
internal abstract class StorageFile : IDisposable
{
    /// <summary>The file's path.</summary>
    internal abstract string Path { get; }

    /// <summary>True if transfers bypass the page cache (O_DIRECT) and must be aligned.</summary>
    internal abstract bool IsDirect { get; }

    /// <summary>Why the file is not direct although it was asked to be, or null.</summary>
    internal abstract string? DirectRefusal { get; }

    /// <summary>The OS file descriptor, or -1 for a file that is not an OS file.</summary>
    internal abstract int Descriptor { get; }

    /// <summary>The current file length.</summary>
    internal abstract long Length { get; }

    /// <summary>Reads up to <c>destination.Length</c> bytes; returns fewer only at end of file.</summary>
    internal abstract int Read(long offset, Span<byte> destination);

    /// <summary>Writes all of <paramref name="source"/> or throws.</summary>
    internal abstract void Write(long offset, ReadOnlySpan<byte> source);

    /// <summary>fdatasync.</summary>
    internal abstract void SyncData();

    /// <summary>fsync (data and metadata, e.g. the length).</summary>
    internal abstract void Sync();

    /// <summary>
    /// Reserves space for the first <paramref name="length"/> bytes (fallocate); fails with
    /// ENOSPC when the file system cannot. Does not write: allocated-but-unwritten extents still
    /// have to be zero-filled by the caller. Returns false when the file system cannot reserve
    /// space ahead (no fallocate): the caller's zero-fill then allocates it.
    /// </summary>
    internal abstract bool Allocate(long length);

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the file; <paramref name="disposing"/> is false from a finalizer.</summary>
    protected abstract void Dispose(bool disposing);
}
