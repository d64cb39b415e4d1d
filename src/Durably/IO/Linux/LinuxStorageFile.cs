using System.Globalization;

namespace Durably.IO.Linux;

/// <summary>A file descriptor with positional I/O through the C library.</summary>
internal sealed unsafe class LinuxStorageFile : StorageFile
{
    private int _fd;

    internal LinuxStorageFile(int fd, string path, bool isDirect, string? directRefusal)
    {
        _fd = fd;
        Path = path;
        IsDirect = isDirect;
        DirectRefusal = directRefusal;
    }

    ~LinuxStorageFile() => Dispose(disposing: false);

    internal override string Path { get; }

    internal override bool IsDirect { get; }

    internal override string? DirectRefusal { get; }

    internal override int Descriptor => _fd >= 0 ? _fd : throw new ObjectDisposedException(Path);

    internal override long Length
    {
        get
        {
            byte* buffer = stackalloc byte[LinuxSystemCalls.StatxBufferSize];
            // statx with an empty path and AT_EMPTY_PATH (0x1000) stats the descriptor itself.
            if (LinuxSystemCalls.Statx(Descriptor, string.Empty, 0x1000, LinuxSystemCalls.StatxBasicStats, buffer) != 0)
            {
                throw new StorageException("statx", Path, -1, LinuxSystemCalls.LastErrno);
            }

            return *(long*)(buffer + 0x28);
        }
    }

    internal override int Read(long offset, Span<byte> destination)
    {
        int total = 0;
        fixed (byte* start = destination)
        {
            while (total < destination.Length)
            {
                nint n = LinuxSystemCalls.PRead(Descriptor, start + total, (nuint)(destination.Length - total), offset + total);
                if (n < 0)
                {
                    int errno = LinuxSystemCalls.LastErrno;
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    throw new StorageException("pread", Path, offset + total, errno);
                }

                if (n == 0)
                {
                    break;
                }

                total += (int)n;
            }
        }

        return total;
    }

    internal override void Write(long offset, ReadOnlySpan<byte> source)
    {
        fixed (byte* start = source)
        {
            nint n;
            do
            {
                n = LinuxSystemCalls.PWrite(Descriptor, start, (nuint)source.Length, offset);
            }
            while (n < 0 && LinuxSystemCalls.LastErrno == Errno.EINTR);

            if (n < 0)
            {
                throw new StorageException("pwrite", Path, offset, LinuxSystemCalls.LastErrno);
            }

            if (n != source.Length)
            {
                // A short write is a failure: what the rest of the range holds is unknown.
                throw new StorageException("pwrite", Path, offset, 0, string.Create(
                    CultureInfo.InvariantCulture, $"short write: {n} of {source.Length} bytes"));
            }
        }
    }

    internal override void SyncData()
    {
        if (LinuxSystemCalls.FDataSync(Descriptor) != 0)
        {
            throw new StorageException("fdatasync", Path, -1, LinuxSystemCalls.LastErrno);
        }
    }

    internal override void Sync()
    {
        if (LinuxSystemCalls.FSync(Descriptor) != 0)
        {
            throw new StorageException("fsync", Path, -1, LinuxSystemCalls.LastErrno);
        }
    }

    internal override bool Allocate(long length)
    {
        int result;
        do
        {
            result = LinuxSystemCalls.FAllocate(Descriptor, 0, 0, length);
        }
        while (result != 0 && LinuxSystemCalls.LastErrno == Errno.EINTR);

        if (result != 0)
        {
            int errno = LinuxSystemCalls.LastErrno;
            if (errno == Errno.EOPNOTSUPP)
            {
                // No fallocate on this file system: the caller's zero-fill allocates instead.
                return false;
            }

            throw new StorageException("fallocate", Path, 0, errno);
        }

        return true;
    }

    protected override void Dispose(bool disposing)
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = LinuxSystemCalls.Close(fd);
        }
    }
}
