using Durably.IO;

namespace Durably.Testing;

/// <summary>An open file of a simulated process; every call goes through the simulated disk.</summary>
internal sealed unsafe class SimulatedFile : StorageFile
{
    private readonly SimulatedEngine _engine;
    private bool _closed;

    internal SimulatedFile(SimulatedEngine engine, SimulatedDisk disk, SimulatedInode inode, string path, bool direct, bool readOnly, bool dataSync = false)
    {
        _engine = engine;
        Disk = disk;
        Inode = inode;
        Path = path;
        IsDirect = direct;
        ReadOnly = readOnly;
        DataSync = dataSync;
        Inode.OpenHandles++;
        _ = Disk.OpenInodes.Add(inode);
    }

    internal SimulatedDisk Disk { get; }

    internal SimulatedInode Inode { get; }

    internal bool ReadOnly { get; }

    /// <summary>
    /// Opened with O_DSYNC: a write that completes is durable (the kernel writes, then flushes, before
    /// returning). A crash can still fall between the two, leaving the write unsynced like any other.
    /// </summary>
    internal bool DataSync { get; }

    internal override string Path { get; }

    internal override bool IsDirect { get; }

    internal override string? DirectRefusal => null;

    internal override int Descriptor => -1;

    internal override long Length
    {
        get
        {
            lock (_engine.Storage.Gate)
            {
                return Inode.Length;
            }
        }
    }

    internal override int Read(long offset, Span<byte> destination)
    {
        fixed (byte* address = destination)
        {
            int result = ReadAt(offset, destination, (nint)address);
            return result >= 0 ? result : throw new StorageException("pread", Path, offset, -result);
        }
    }

    internal override void Write(long offset, ReadOnlySpan<byte> source)
    {
        fixed (byte* address = source)
        {
            int result = WriteAt(offset, source, (nint)address);
            if (result < 0)
            {
                throw new StorageException("pwrite", Path, offset, -result);
            }

            if (result != source.Length)
            {
                throw new StorageException("pwrite", Path, offset, 0, $"short write: {result} of {source.Length} bytes");
            }
        }
    }

    internal override void SyncData()
    {
        int result = SyncNow("fdatasync");
        if (result < 0)
        {
            throw new StorageException("fdatasync", Path, -1, -result);
        }
    }

    internal override void Sync()
    {
        int result = SyncNow("fsync");
        if (result < 0)
        {
            throw new StorageException("fsync", Path, -1, -result);
        }
    }

    internal override bool Allocate(long length)
    {
        lock (_engine.Storage.Gate)
        {
            _engine.Storage.Enter(_engine, "fallocate", Path);
            int result = Disk.Allocate(Inode, length);
            if (result < 0)
            {
                throw new StorageException("fallocate", Path, 0, -result);
            }

            return true;
        }
    }

    internal int ReadAt(long offset, Span<byte> destination, nint address)
    {
        lock (_engine.Storage.Gate)
        {
            if (!TryEnter("pread"))
            {
                return -Errno.EIO;
            }

            return Disk.Read(Inode, Path, offset, destination, IsDirect, address);
        }
    }

    internal int WriteAt(long offset, ReadOnlySpan<byte> source, nint address)
    {
        lock (_engine.Storage.Gate)
        {
            if (!TryEnter("pwrite"))
            {
                return -Errno.EIO;
            }

            if (ReadOnly)
            {
                return -Errno.EBADF;
            }

            int written = Disk.Write(Inode, Path, offset, source, IsDirect, address);
            if (DataSync && written == source.Length)
            {
                // O_DSYNC: the flush after the write is a point where the machine can crash too.
                if (!TryEnter("pwrite (O_DSYNC flush)"))
                {
                    return -Errno.EIO;
                }

                Inode.Sync();
            }

            return written;
        }
    }

    internal int SyncNow(string operation)
    {
        lock (_engine.Storage.Gate)
        {
            return TryEnter(operation) ? Disk.Sync(Inode, Path) : -Errno.EIO;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        lock (_engine.Storage.Gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            if (--Inode.OpenHandles == 0)
            {
                _ = Disk.OpenInodes.Remove(Inode);
            }
        }
    }

    private bool TryEnter(string operation)
    {
        if (_closed)
        {
            return false;
        }

        try
        {
            _engine.Storage.Enter(_engine, operation, Path);
            return true;
        }
        catch (StorageException)
        {
            return false;
        }
    }
}
