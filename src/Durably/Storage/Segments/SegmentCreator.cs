using Durably.IO;
using Durably.Storage.Format;

namespace Durably.Storage.Segments;

/// <summary>
/// Creates segment files the crash-safe way: a temporary file, space reserved, the header
/// written and every other byte written with zeros (not merely fallocated: unwritten extents
/// would turn each later fdatasync into a metadata commit), fsynced, renamed into place, and
/// the directory fsynced. A crash at any point leaves either no segment or a complete one.
/// </summary>
internal sealed class SegmentCreator : IDisposable
{
    private const int ZeroChunk = 1 << 20;

    private readonly StorageFileSystem _fileSystem;
    private readonly LogId _logId;
    private readonly int _alignment;
    private readonly bool _direct;
    private AlignedBuffer? _zeros;

    internal SegmentCreator(StorageFileSystem fileSystem, LogId logId, int alignment, bool direct)
    {
        _fileSystem = fileSystem;
        _logId = logId;
        _alignment = alignment;
        _direct = direct;
    }

    /// <summary>
    /// Creates the temporary file of a segment, zero-filled with its header, and returns it open
    /// for writing; the caller may write frames into it, then calls <see cref="Publish"/>.
    /// A stale temporary of the same name is replaced. On failure nothing is left behind.
    /// </summary>
    internal StorageFile CreateTemporary(LogCopyLocation copy, uint segmentNumber, long size)
    {
        string temporary = copy.PathOf(SegmentFileName.TemporaryFor(segmentNumber));
        _fileSystem.Delete(temporary);
        StorageFile file = _fileSystem.Open(temporary, StorageOpenMode.CreateNew, _direct ? StorageFileOptions.Direct : StorageFileOptions.None);
        try
        {
            bool reserved = file.Allocate(size);
            int chunkSize = (int)Math.Min(ZeroChunk, size);
            if (_zeros is null || _zeros.Length < chunkSize)
            {
                _zeros?.Dispose();
                _zeros = new AlignedBuffer(Math.Max(chunkSize, _alignment), _alignment);
            }

            Span<byte> zeros = _zeros.Span;
            zeros.Clear();
            new SegmentHeader((ushort)copy.Index, segmentNumber, _alignment, size, _logId).WriteTo(zeros);
            file.Write(0, zeros[.._alignment]);
            zeros[..LogFormat.SegmentHeaderSize].Clear();
            for (long offset = _alignment; offset < size;)
            {
                int chunk = (int)Math.Min(zeros.Length, size - offset);
                try
                {
                    file.Write(offset, zeros[..chunk]);
                }
                catch (StorageException e) when (reserved && Errno.IsNoSpace(e.Errno))
                {
                    // fallocate reserved this space: ENOSPC now is the device failing (a thin
                    // pool out of blocks, a failing drive), not a full file system to wait out.
                    throw new StorageException(
                        e.Operation,
                        e.PathName,
                        e.Offset,
                        e.Errno,
                        "while zero-filling a new segment whose space fallocate had already reserved: the device refused the write, "
                        + "the file system is not full (check the device: dmesg, thin-pool usage)")
                    { InReservedSpace = true };
                }

                offset += chunk;
            }

            return file;
        }
        catch
        {
            file.Dispose();
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Makes a temporary segment durable and visible: fsync, rename to the final name (never over an existing file), fsync
    /// the directory. Closes <paramref name="temporaryFile"/>.
    /// </summary>
    internal void Publish(LogCopyLocation copy, uint segmentNumber, StorageFile temporaryFile, bool replaceDamaged = false)
    {
        try
        {
            temporaryFile.Sync();
        }
        finally
        {
            temporaryFile.Dispose();
        }

        string temporary = copy.PathOf(SegmentFileName.TemporaryFor(segmentNumber));
        try
        {
            // Never over an existing segment, unless recovery rebuilt this one to replace a damaged file:
            // a new segment's name already taken means the numbering went wrong, and replacing the file
            // could destroy acknowledged records.
            _fileSystem.Rename(temporary, copy.PathOf(SegmentFileName.For(segmentNumber)), replaceDamaged);
        }
        catch (StorageException)
        {
            TryDelete(temporary);
            throw;
        }

        _fileSystem.SyncDirectory(copy.Directory);
    }

    /// <summary>Creates an empty segment in one copy (temporary, zero-fill, fsync, rename, directory fsync).</summary>
    internal void Create(LogCopyLocation copy, uint segmentNumber, long size) =>
        Publish(copy, segmentNumber, CreateTemporary(copy, segmentNumber, size));

    /// <summary>Deletes a temporary left by a failed attempt, ignoring errors (the next recovery removes it).</summary>
    internal void TryDelete(string path)
    {
        try
        {
            _fileSystem.Delete(path);
        }
        catch (StorageException)
        {
            // Recovery deletes leftover temporaries; failing here must not hide the original error.
        }
    }

    public void Dispose() => _zeros?.Dispose();
}
