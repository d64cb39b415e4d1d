using System.Globalization;
using System.Text;

namespace Durably.IO.Linux;

/// <summary>The real file system, through open/rename/unlink/fsync/flock/statx.</summary>
internal sealed unsafe class LinuxFileSystem : StorageFileSystem
{
    internal LinuxFileSystem() => LinuxOpenFlags.EnsureSupported();

    internal override bool DirectoryExists(string path) => System.IO.Directory.Exists(path);

    internal override void CreateDirectory(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (System.IO.Directory.Exists(full))
        {
            return;
        }

        string? parent = System.IO.Path.GetDirectoryName(full);
        if (parent is not null)
        {
            CreateDirectory(parent);
        }

        if (LinuxSystemCalls.MakeDirectory(full, 0x1ED /* 0755 */) != 0)
        {
            int errno = LinuxSystemCalls.LastErrno;
            if (errno != Errno.EEXIST)
            {
                throw new StorageException("mkdir", full, -1, errno);
            }
        }

        if (parent is not null)
        {
            SyncDirectory(parent);
        }
    }

    internal override IReadOnlyList<string> ListFiles(string directory)
    {
        var names = new List<string>();
        foreach (string path in System.IO.Directory.EnumerateFiles(directory))
        {
            names.Add(System.IO.Path.GetFileName(path));
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    internal override StorageFile Open(string path, StorageOpenMode mode, StorageFileOptions options)
    {
        int flags = LinuxOpenFlags.CloseOnExec
            | ((options & StorageFileOptions.ReadOnly) != 0 ? LinuxOpenFlags.ReadOnly : LinuxOpenFlags.ReadWrite)
            | ((options & StorageFileOptions.DataSync) != 0 ? LinuxOpenFlags.DataSync : 0)
            | mode switch
            {
                StorageOpenMode.CreateNew => LinuxOpenFlags.Create | LinuxOpenFlags.Exclusive,
                StorageOpenMode.OpenOrCreate => LinuxOpenFlags.Create,
                _ => 0,
            };

        bool wantDirect = (options & StorageFileOptions.Direct) != 0;
        if (wantDirect)
        {
            int fd = OpenRetryingInterrupts(path, flags | LinuxOpenFlags.Direct);
            if (fd >= 0)
            {
                return new LinuxStorageFile(fd, path, isDirect: true, directRefusal: null);
            }

            int errno = LinuxSystemCalls.LastErrno;
            if (errno != Errno.EINVAL)
            {
                throw new StorageException("open", path, -1, errno);
            }

            // EINVAL on open with O_DIRECT: the file system does not do direct I/O (tmpfs on older
            // kernels, some FUSE file systems). Fall back to buffered I/O + fdatasync, and say so.
            // With O_CREAT|O_EXCL the failed attempt may have created the file: open it plainly.
            if (mode == StorageOpenMode.CreateNew)
            {
                flags &= ~LinuxOpenFlags.Exclusive;
            }
        }

        int plain = OpenRetryingInterrupts(path, flags);
        if (plain < 0)
        {
            throw new StorageException("open", path, -1, LinuxSystemCalls.LastErrno);
        }

        return new LinuxStorageFile(
            plain,
            path,
            isDirect: false,
            directRefusal: wantDirect ? "the file system refused O_DIRECT (EINVAL); using buffered writes + fdatasync" : null);
    }

    internal override void Rename(string source, string destination, bool replaceExisting)
    {
        uint flags = replaceExisting ? 0 : LinuxSystemCalls.RenameNoReplace;
        if (LinuxSystemCalls.RenameAt2(LinuxSystemCalls.AtCurrentDirectory, source, LinuxSystemCalls.AtCurrentDirectory, destination, flags) == 0)
        {
            return;
        }

        int errno = LinuxSystemCalls.LastErrno;
        if (replaceExisting || errno is not (Errno.EINVAL or Errno.ENOSYS))
        {
            throw new StorageException(replaceExisting ? "rename" : "rename (RENAME_NOREPLACE)", source + " -> " + destination, -1, errno);
        }

        // A file system (or kernel) without RENAME_NOREPLACE: link(2) refuses an existing name just the
        // same, and the source name is then removed. A crash in between leaves both names, which recovery
        // treats as the leftover temporary it is.
        if (LinuxSystemCalls.Link(source, destination) != 0)
        {
            throw new StorageException("link", source + " -> " + destination, -1, LinuxSystemCalls.LastErrno);
        }

        if (LinuxSystemCalls.Unlink(source) != 0)
        {
            throw new StorageException("unlink", source, -1, LinuxSystemCalls.LastErrno);
        }
    }

    internal override void Delete(string path)
    {
        if (LinuxSystemCalls.Unlink(path) != 0)
        {
            int errno = LinuxSystemCalls.LastErrno;
            if (errno != Errno.ENOENT)
            {
                throw new StorageException("unlink", path, -1, errno);
            }
        }
    }

    internal override void SyncDirectory(string path)
    {
        int fd = OpenRetryingInterrupts(path, LinuxOpenFlags.ReadOnly | LinuxOpenFlags.Directory | LinuxOpenFlags.CloseOnExec);
        if (fd < 0)
        {
            throw new StorageException("open", path, -1, LinuxSystemCalls.LastErrno);
        }

        try
        {
            if (LinuxSystemCalls.FSync(fd) != 0)
            {
                throw new StorageException("fsync", path, -1, LinuxSystemCalls.LastErrno);
            }
        }
        finally
        {
            _ = LinuxSystemCalls.Close(fd);
        }
    }

    internal override DirectoryLock? TryLock(string lockFilePath, out string? holder)
    {
        var file = (LinuxStorageFile)Open(lockFilePath, StorageOpenMode.OpenOrCreate, StorageFileOptions.None);
        try
        {
            if (LinuxSystemCalls.FLock(file.Descriptor, LinuxSystemCalls.LockExclusive | LinuxSystemCalls.LockNonBlocking) != 0)
            {
                int errno = LinuxSystemCalls.LastErrno;
                if (errno != Errno.EAGAIN)
                {
                    throw new StorageException("flock", lockFilePath, -1, errno);
                }

                holder = ReadHolder(file);
                file.Dispose();
                return null;
            }

            // Record who holds the lock, so that a refused opener can name us.
            if (LinuxSystemCalls.FTruncate(file.Descriptor, 0) != 0)
            {
                throw new StorageException("ftruncate", lockFilePath, -1, LinuxSystemCalls.LastErrno);
            }

            file.Write(0, Encoding.UTF8.GetBytes(LockHolderText.Describe(Environment.ProcessId, Environment.MachineName)));
            holder = null;
            return new LinuxDirectoryLock(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    internal override StorageDeviceInfo ProbeDevice(string directory)
    {
        byte* buffer = stackalloc byte[LinuxSystemCalls.StatxBufferSize];
        if (LinuxSystemCalls.Statx(LinuxSystemCalls.AtCurrentDirectory, directory, 0, LinuxSystemCalls.StatxBasicStats, buffer) != 0)
        {
            throw new StorageException("statx", directory, -1, LinuxSystemCalls.LastErrno);
        }

        uint major = *(uint*)(buffer + 0x88);
        uint minor = *(uint*)(buffer + 0x8C);
        string device = string.Create(CultureInfo.InvariantCulture, $"{major}:{minor}");
        int physicalSector = BlockDeviceGeometry.PhysicalSectorSize(major, minor);
        string? nonPersistent = NonPersistentFileSystems.Name(FileSystemMagic(directory));

        // STATX_DIOALIGN is reported for regular files, so probe a scratch file in the directory.
        string probe = System.IO.Path.Combine(directory, ".durably-dio-probe");
        using (StorageFile file = Open(probe, StorageOpenMode.OpenOrCreate, StorageFileOptions.Direct))
        {
            bool direct = file.IsDirect;
            new Span<byte>(buffer, LinuxSystemCalls.StatxBufferSize).Clear();
            int alignment = 0;
            if (LinuxSystemCalls.Statx(file.Descriptor, string.Empty, 0x1000 /* AT_EMPTY_PATH */, LinuxSystemCalls.StatxDirectIoAlignment, buffer) == 0
                && (*(uint*)buffer & LinuxSystemCalls.StatxDirectIoAlignment) != 0)
            {
                uint memory = *(uint*)(buffer + 0x98);
                uint offset = *(uint*)(buffer + 0x9C);
                if (offset == 0)
                {
                    direct = false;
                }

                alignment = (int)Math.Max(memory, offset);
            }

            file.Dispose();
            Delete(probe);
            return new StorageDeviceInfo(device, alignment, direct, physicalSector, nonPersistent);
        }
    }

    internal override string IdentifyDirectory(string directory)
    {
        byte* buffer = stackalloc byte[LinuxSystemCalls.StatxBufferSize];
        if (LinuxSystemCalls.Statx(LinuxSystemCalls.AtCurrentDirectory, directory, 0, LinuxSystemCalls.StatxBasicStats, buffer) != 0)
        {
            throw new StorageException("statx", directory, -1, LinuxSystemCalls.LastErrno);
        }

        ulong inode = *(ulong*)(buffer + 0x20);
        uint major = *(uint*)(buffer + 0x88);
        uint minor = *(uint*)(buffer + 0x8C);
        return string.Create(CultureInfo.InvariantCulture, $"{major}:{minor}/{inode}");
    }

    private static long FileSystemMagic(string directory)
    {
        byte* buffer = stackalloc byte[LinuxSystemCalls.StatfsBufferSize];
        if (LinuxSystemCalls.Statfs(directory, buffer) != 0)
        {
            throw new StorageException("statfs", directory, -1, LinuxSystemCalls.LastErrno);
        }

        return *(long*)buffer; // f_type
    }

    private static int OpenRetryingInterrupts(string path, int flags)
    {
        int fd;
        do
        {
            fd = LinuxSystemCalls.Open(path, flags, 0x1A4 /* 0644 */);
        }
        while (fd < 0 && LinuxSystemCalls.LastErrno == Errno.EINTR);

        return fd;
    }

    private static string? ReadHolder(StorageFile file)
    {
        Span<byte> text = stackalloc byte[256];
        try
        {
            int n = file.Read(0, text);
            return n > 0 ? Encoding.UTF8.GetString(text[..n]).Trim() : null;
        }
        catch (StorageException)
        {
            return null;
        }
    }
}
