using Durably.IO;

namespace Durably.Testing;

/// <summary>The file-system calls of one simulated process.</summary>
internal sealed class SimulatedFileSystem : StorageFileSystem
{
    private readonly SimulatedEngine _engine;

    internal SimulatedFileSystem(SimulatedEngine engine) => _engine = engine;

    private SimulatedStorage Storage => _engine.Storage;

    internal override bool DirectoryExists(string path)
    {
        lock (Storage.Gate)
        {
            string dir = SimulatedStorage.Normalize(path);
            return Storage.DiskFor(dir).Directories.ContainsKey(dir);
        }
    }

    internal override void CreateDirectory(string path)
    {
        lock (Storage.Gate)
        {
            string dir = SimulatedStorage.Normalize(path);
            Storage.Enter(_engine, "mkdir", dir);
            SimulatedDisk disk = Storage.DiskFor(dir);
            for (string? current = dir; current is not null && current.Length >= disk.MountPath.Length; current = ParentOf(current))
            {
                if (!disk.Directories.ContainsKey(current))
                {
                    disk.Directories[current] = new SimulatedDirectory();
                }
            }
        }
    }

    internal override IReadOnlyList<string> ListFiles(string directory)
    {
        lock (Storage.Gate)
        {
            string dir = SimulatedStorage.Normalize(directory);
            Storage.Enter(_engine, "readdir", dir);
            return Storage.DiskFor(dir).Directories.TryGetValue(dir, out SimulatedDirectory? d)
                ? [.. d.Visible.Keys.Order(StringComparer.Ordinal)]
                : throw new StorageException("opendir", dir, -1, Errno.ENOENT);
        }
    }

    internal override StorageFile Open(string path, StorageOpenMode mode, StorageFileOptions options)
    {
        lock (Storage.Gate)
        {
            string full = SimulatedStorage.Normalize(path);
            Storage.Enter(_engine, "open", full);
            (string dir, string name) = SimulatedStorage.Split(full);
            SimulatedDisk disk = Storage.DiskFor(dir);
            if (!disk.Directories.TryGetValue(dir, out SimulatedDirectory? directory))
            {
                throw new StorageException("open", full, -1, Errno.ENOENT);
            }

            bool exists = directory.Visible.TryGetValue(name, out SimulatedInode? inode);
            switch (mode)
            {
                case StorageOpenMode.OpenExisting when !exists:
                    throw new StorageException("open", full, -1, Errno.ENOENT);
                case StorageOpenMode.CreateNew when exists:
                    throw new StorageException("open", full, -1, Errno.EEXIST);
            }

            if (!exists)
            {
                if (disk.TakeFault(SimulatedFaultKind.CreateThrows, full) is not null)
                {
                    throw new InvalidOperationException("Simulated failure outside the storage error model while creating " + full + ".");
                }

                inode = Storage.NewInode();
                directory.Link(name, inode);
            }

            return new SimulatedFile(
                _engine,
                disk,
                inode!,
                full,
                direct: (options & StorageFileOptions.Direct) != 0,
                readOnly: (options & StorageFileOptions.ReadOnly) != 0,
                dataSync: (options & StorageFileOptions.DataSync) != 0);
        }
    }

    internal override void Rename(string source, string destination, bool replaceExisting)
    {
        lock (Storage.Gate)
        {
            string from = SimulatedStorage.Normalize(source);
            string to = SimulatedStorage.Normalize(destination);
            Storage.Enter(_engine, "rename", from);
            (string fromDir, string fromName) = SimulatedStorage.Split(from);
            (string toDir, string toName) = SimulatedStorage.Split(to);
            SimulatedDisk disk = Storage.DiskFor(fromDir);
            if (fromDir != toDir)
            {
                throw new StorageException("rename", from + " -> " + to, -1, Errno.EINVAL, "the simulation renames within a directory only");
            }

            if (!disk.Directories.TryGetValue(fromDir, out SimulatedDirectory? directory) || !directory.Visible.ContainsKey(fromName))
            {
                throw new StorageException("rename", from + " -> " + to, -1, Errno.ENOENT);
            }

            if (!replaceExisting && directory.Visible.ContainsKey(toName))
            {
                throw new StorageException("rename (RENAME_NOREPLACE)", from + " -> " + to, -1, Errno.EEXIST);
            }

            directory.Rename(fromName, toName);
        }
    }

    internal override void Delete(string path)
    {
        lock (Storage.Gate)
        {
            string full = SimulatedStorage.Normalize(path);
            Storage.Enter(_engine, "unlink", full);
            (string dir, string name) = SimulatedStorage.Split(full);
            SimulatedDisk disk = Storage.DiskFor(dir);
            if (disk.Directories.TryGetValue(dir, out SimulatedDirectory? directory) && directory.Visible.ContainsKey(name))
            {
                if (disk.TakeFault(SimulatedFaultKind.DeleteError, full) is not null)
                {
                    throw new StorageException("unlink", full, -1, Errno.EIO);
                }

                directory.Unlink(name);
            }
        }
    }

    internal override void SyncDirectory(string path)
    {
        lock (Storage.Gate)
        {
            string dir = SimulatedStorage.Normalize(path);
            Storage.Enter(_engine, "fsync", dir);
            if (!Storage.DiskFor(dir).Directories.TryGetValue(dir, out SimulatedDirectory? directory))
            {
                throw new StorageException("open", dir, -1, Errno.ENOENT);
            }

            directory.Sync();
        }
    }

    internal override DirectoryLock? TryLock(string lockFilePath, out string? holder)
    {
        using StorageFile file = Open(lockFilePath, StorageOpenMode.OpenOrCreate, StorageFileOptions.None);
        lock (Storage.Gate)
        {
            string full = SimulatedStorage.Normalize(lockFilePath);
            Storage.Enter(_engine, "flock", full);
            if (Storage.Locks.TryGetValue(full, out int processId) && processId != _engine.ProcessId)
            {
                holder = LockHolderText.Describe(processId, "simulated").Trim();
                return null;
            }

            Storage.Locks[full] = _engine.ProcessId;
            holder = null;
            return new SimulatedDirectoryLock(Storage, full, _engine.ProcessId, _engine.Epoch);
        }
    }

    internal override StorageDeviceInfo ProbeDevice(string directory)
    {
        lock (Storage.Gate)
        {
            string dir = SimulatedStorage.Normalize(directory);
            Storage.Enter(_engine, "statx", dir);
            SimulatedDisk disk = Storage.DiskFor(dir);
            return new StorageDeviceInfo(disk.DeviceId, disk.SectorSize, DirectIoSupported: true, disk.PhysicalSectorSize);
        }
    }

    internal override string IdentifyDirectory(string directory)
    {
        lock (Storage.Gate)
        {
            string dir = SimulatedStorage.Normalize(directory);
            Storage.Enter(_engine, "statx", dir);
            return Storage.DiskFor(dir).DeviceId + "/" + dir;
        }
    }

    private static string? ParentOf(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash <= 0 ? null : path[..slash];
    }
}
