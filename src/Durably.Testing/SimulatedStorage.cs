using Durably.IO;

namespace Durably.Testing;

/// <summary>
/// A simulated machine's storage for crash-consistency tests: disks mounted at paths, processes
/// (<see cref="SimulatedEngine"/>s) doing I/O on them, and power loss. Everything random —
/// what a crash keeps of unsynced writes, where a misdirected write lands — comes from one
/// generator seeded by <see cref="Seed"/>, so a run that issues the same operations is repeated
/// exactly.
/// </summary>
/// <remarks>
/// Crash model: a write is durable only after an fdatasync/fsync of its file, or once it completed
/// on a file opened with O_DSYNC (its flush is a separate crash point); at a crash each
/// unsynced write is lost, kept, or torn (a random subset of its sectors kept). A create,
/// rename or delete is durable only after an fsync of its directory; at a crash a random prefix
/// of the unsynced ones survives. Directories themselves are durable once created. Locks die
/// with the processes that held them.
/// </remarks>
public sealed class SimulatedStorage
{
    private readonly List<SimulatedDisk> _disks = [];
    private long _crashAt = -1;
    private int _nextProcessId = 1000;
    private long _nextInode = 1;

    /// <summary>Creates empty storage.</summary>
    /// <param name="seed">Seeds every random decision the simulation makes.</param>
    public SimulatedStorage(int seed)
    {
        Seed = seed;
        Random = new Random(seed);
    }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The mounted disks.</summary>
    public IReadOnlyList<SimulatedDisk> Disks
    {
        get
        {
            lock (Gate)
            {
                return [.. _disks];
            }
        }
    }

    /// <summary>Operations started so far by all processes (file and directory calls, engine operations).</summary>
    public long OperationCount { get; private set; }

    /// <summary>Crashes so far.</summary>
    public int CrashCount { get; private set; }

    internal object Gate { get; } = new();

    internal Random Random { get; }

    internal int Epoch { get; private set; }

    internal Dictionary<string, int> Locks { get; } = new(StringComparer.Ordinal);

    /// <summary>Mounts a new, empty disk at <paramref name="mountPath"/> (an absolute path).</summary>
    public SimulatedDisk AddDisk(string mountPath, SimulatedDiskOptions? options = null)
    {
        string mount = Normalize(mountPath);
        lock (Gate)
        {
            if (_disks.Any(d => d.MountPath == mount))
            {
                throw new ArgumentException("A disk is already mounted at " + mount, nameof(mountPath));
            }

            var disk = new SimulatedDisk(this, mount, options ?? new SimulatedDiskOptions(), _disks.Count);
            _disks.Add(disk);
            return disk;
        }
    }

    /// <summary>
    /// Starts a process: an engine to pass in <c>LogOptions.CustomEngine</c>. A crash kills it:
    /// every later operation of it fails with EIO and changes nothing.
    /// </summary>
    public SimulatedEngine CreateEngine()
    {
        lock (Gate)
        {
            return new SimulatedEngine(this, _nextProcessId++, Epoch);
        }
    }

    /// <summary>Power loss, now: kills every process and keeps only what the crash model says survives.</summary>
    public void Crash()
    {
        lock (Gate)
        {
            CrashLocked();
        }
    }

    /// <summary>Crashes when <paramref name="operations"/> more operations have started (the last one does not happen).</summary>
    public void ScheduleCrash(long operations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(operations);
        lock (Gate)
        {
            _crashAt = OperationCount + operations;
        }
    }

    /// <summary>Cancels a scheduled crash that has not happened.</summary>
    public void CancelScheduledCrash()
    {
        lock (Gate)
        {
            _crashAt = -1;
        }
    }

    /// <summary>True if a file exists (as the running system sees it).</summary>
    public bool FileExists(string path)
    {
        lock (Gate)
        {
            return TryResolve(path, out _, out _, out _);
        }
    }

    /// <summary>A file's contents as the running system sees them.</summary>
    public byte[] ReadFile(string path)
    {
        lock (Gate)
        {
            return Resolve(path).Inode.Visible.ToArray();
        }
    }

    /// <summary>The file names in a directory, sorted.</summary>
    public IReadOnlyList<string> ListFiles(string directory)
    {
        lock (Gate)
        {
            string dir = Normalize(directory);
            return DiskFor(dir).Directories.TryGetValue(dir, out SimulatedDirectory? d)
                ? [.. d.Visible.Keys.Order(StringComparer.Ordinal)]
                : [];
        }
    }

    internal static string Normalize(string path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            throw new ArgumentException("Simulated paths are absolute: " + path, nameof(path));
        }

        string trimmed = path.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed;
    }

    internal static (string Directory, string Name) Split(string path)
    {
        string full = Normalize(path);
        int slash = full.LastIndexOf('/');
        return (slash == 0 ? "/" : full[..slash], full[(slash + 1)..]);
    }

    internal SimulatedDisk DiskFor(string path)
    {
        SimulatedDisk? best = null;
        foreach (SimulatedDisk disk in _disks)
        {
            if ((path == disk.MountPath || path.StartsWith(disk.MountPath + "/", StringComparison.Ordinal))
                && (best is null || disk.MountPath.Length > best.MountPath.Length))
            {
                best = disk;
            }
        }

        return best ?? throw new StorageException("open", path, -1, Errno.ENOENT, "no simulated disk is mounted there");
    }

    internal (SimulatedDisk Disk, SimulatedDirectory Directory, string Name, SimulatedInode Inode) Resolve(string path)
    {
        return TryResolve(path, out SimulatedDisk? disk, out SimulatedDirectory? directory, out SimulatedInode? inode)
            ? (disk, directory, Split(path).Name, inode)
            : throw new StorageException("open", path, -1, Errno.ENOENT);
    }

    internal bool TryResolve(
        string path,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SimulatedDisk? disk,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SimulatedDirectory? directory,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SimulatedInode? inode)
    {
        (string dir, string name) = Split(path);
        disk = DiskFor(dir);
        inode = null;
        return disk.Directories.TryGetValue(dir, out directory) && directory.Visible.TryGetValue(name, out inode);
    }

    internal SimulatedInode NewInode() => new(_nextInode++);

    /// <summary>Counts an operation of <paramref name="engine"/>, crashing first if one is due; throws if the process is dead.</summary>
    internal void Enter(SimulatedEngine engine, string operation, string path)
    {
        OperationCount++;
        if (_crashAt >= 0 && OperationCount >= _crashAt)
        {
            CrashLocked();
        }

        if (engine.Epoch != Epoch)
        {
            throw new StorageException(operation, path, -1, Errno.EIO, "the simulated machine crashed; this process is gone");
        }
    }

    private void CrashLocked()
    {
        _crashAt = -1;
        Epoch++;
        CrashCount++;
        foreach (SimulatedDisk disk in _disks)
        {
            disk.Crash(Random);
        }

        Locks.Clear();
    }
}
