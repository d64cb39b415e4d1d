using System.Globalization;
using Durably.IO;

namespace Durably.Testing;

/// <summary>
/// One simulated device mounted at a path of a <see cref="SimulatedStorage"/>: sectors held in
/// memory, writes that are volatile until synced, a capacity, and faults injected on request.
/// </summary>
public sealed class SimulatedDisk
{
    private readonly SimulatedStorage _storage;
    private readonly List<SimulatedFault> _faults = [];
    private long _capacity;
    private int _physicalSectorSize;

    internal SimulatedDisk(SimulatedStorage storage, string mountPath, SimulatedDiskOptions options, int index)
    {
        if (options.SectorSize < 512 || (options.SectorSize & (options.SectorSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SectorSize, "The sector size must be a power of two of at least 512.");
        }

        _storage = storage;
        MountPath = mountPath;
        SectorSize = options.SectorSize;
        _physicalSectorSize = options.SectorSize;
        _capacity = options.Capacity;
        DeviceId = "sim:" + index.ToString(CultureInfo.InvariantCulture);
        Directories[mountPath] = new SimulatedDirectory();
    }

    /// <summary>Where the disk is mounted.</summary>
    public string MountPath { get; }

    /// <summary>The sector size (also the O_DIRECT alignment it demands).</summary>
    public int SectorSize { get; }

    /// <summary>
    /// The physical sector size the disk reports to the log (default: <see cref="SectorSize"/>).
    /// Raise it above the sector size to present a 512-byte-emulation disk, whose physical
    /// sector is larger than the O_DIRECT alignment it accepts; the simulation still tears writes
    /// at <see cref="SectorSize"/>.
    /// </summary>
    public int PhysicalSectorSize
    {
        get
        {
            lock (_storage.Gate)
            {
                return _physicalSectorSize;
            }
        }

        set
        {
            if (value < SectorSize || (value & (value - 1)) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The physical sector size must be a power of two of at least the sector size.");
            }

            lock (_storage.Gate)
            {
                _physicalSectorSize = value;
            }
        }
    }

    /// <summary>The device id reported to the log (<c>sim:N</c>).</summary>
    public string DeviceId { get; }

    /// <summary>Bytes the disk can hold. Lower it to fill the disk, raise it to free space.</summary>
    public long Capacity
    {
        get
        {
            lock (_storage.Gate)
            {
                return _capacity;
            }
        }

        set
        {
            lock (_storage.Gate)
            {
                _capacity = value;
            }
        }
    }

    /// <summary>Bytes allocated to files (linked or still open).</summary>
    public long UsedBytes
    {
        get
        {
            lock (_storage.Gate)
            {
                return ComputeUsed();
            }
        }
    }

    /// <summary>Writes issued to this disk (successful or not).</summary>
    public long Writes { get; private set; }

    /// <summary>File syncs issued to this disk.</summary>
    public long Syncs { get; private set; }

    /// <summary>Reads issued to this disk.</summary>
    public long Reads { get; private set; }

    /// <summary>The faults scheduled on this disk (spent ones included until cleared).</summary>
    public IReadOnlyList<SimulatedFault> Faults
    {
        get
        {
            lock (_storage.Gate)
            {
                return [.. _faults];
            }
        }
    }

    internal Dictionary<string, SimulatedDirectory> Directories { get; } = new(StringComparer.Ordinal);

    internal HashSet<SimulatedInode> OpenInodes { get; } = [];

    /// <summary>Schedules a fault.</summary>
    public void InjectFault(SimulatedFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_storage.Gate)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>Removes every scheduled fault (latent sector errors stay: they are on the media).</summary>
    public void ClearFaults()
    {
        lock (_storage.Gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>Flips one bit of a file at rest (what survives a crash and what reads return).</summary>
    public void FlipBit(string path, long offset, int bit)
    {
        lock (_storage.Gate)
        {
            _storage.Resolve(path).Inode.FlipBit(offset, bit);
        }
    }

    /// <summary>Cuts a file at rest to <paramref name="length"/> bytes (any length, aligned or not), as <c>truncate -s</c> does.</summary>
    public void Truncate(string path, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        lock (_storage.Gate)
        {
            _storage.Resolve(path).Inode.Truncate(length);
        }
    }

    /// <summary>Makes reads of the sector holding <paramref name="offset"/> fail with EIO until the sector is rewritten.</summary>
    public void AddLatentSectorError(string path, long offset)
    {
        lock (_storage.Gate)
        {
            _ = _storage.Resolve(path).Inode.LatentErrors.Add(offset / SectorSize);
        }
    }

    internal int Write(SimulatedInode inode, string path, long offset, ReadOnlySpan<byte> data, bool direct, nint address)
    {
        Writes++;
        if (direct && !IsAligned(offset, data.Length, address))
        {
            return -Errno.EINVAL;
        }

        Random random = _storage.Random;
        if (TakeFault(SimulatedFaultKind.NoSpace, path) is not null)
        {
            return -Errno.ENOSPC;
        }

        if (!HasRoomFor(inode, offset + data.Length))
        {
            return -Errno.ENOSPC;
        }

        if (TakeFault(SimulatedFaultKind.WriteError, path) is not null)
        {
            int sectors = random.Next(data.Length / SectorSize + 1);
            inode.Write(offset, data[..Math.Min(data.Length, sectors * SectorSize)], SectorSize);
            return -Errno.EIO;
        }

        if (TakeFault(SimulatedFaultKind.ShortWrite, path) is not null)
        {
            int sectors = random.Next(Math.Max(1, data.Length / SectorSize));
            int written = Math.Min(data.Length - 1, sectors * SectorSize);
            inode.Write(offset, data[..written], SectorSize);
            return written;
        }

        if (TakeFault(SimulatedFaultKind.MisdirectedWrite, path) is not null)
        {
            long span = Math.Max(SectorSize, (inode.Length - data.Length) / SectorSize * SectorSize);
            long target = random.NextInt64(span / SectorSize + 1) * SectorSize;
            if (target == offset)
            {
                // Elsewhere, always: a step back from the start of the file would be clamped onto the
                // right place, and the "misdirected" write would land where it belongs.
                long step = SimulatedInode.Align(data.Length, SectorSize);
                target = offset >= step && random.Next(2) == 0 ? offset - step : offset + step;
            }

            inode.Write(target, data, SectorSize);
            return data.Length;
        }

        inode.Write(offset, data, SectorSize);
        return data.Length;
    }

    internal int Read(SimulatedInode inode, string path, long offset, Span<byte> destination, bool direct, nint address)
    {
        Reads++;
        if (direct && !IsAligned(offset, destination.Length, address))
        {
            return -Errno.EINVAL;
        }

        foreach (long sector in SimulatedInode.SectorsOf(offset, Math.Min(destination.Length, Math.Max(0, inode.Length - offset)), SectorSize))
        {
            if (inode.LatentErrors.Contains(sector))
            {
                return -Errno.EIO;
            }
        }

        if (TakeFault(SimulatedFaultKind.ReadError, path) is not null)
        {
            return -Errno.EIO;
        }

        if (offset >= inode.Length)
        {
            return 0;
        }

        int count = (int)Math.Min(destination.Length, inode.Length - offset);
        inode.Visible.Slice((int)offset, count).CopyTo(destination);
        return count;
    }

    internal int Sync(SimulatedInode inode, string path)
    {
        Syncs++;
        if (TakeFault(SimulatedFaultKind.SyncError, path) is not null)
        {
            inode.ResolveUnsynced(_storage.Random, SectorSize, truncateToDurableLength: false);
            return -Errno.EIO;
        }

        inode.Sync();
        return 0;
    }

    internal int Allocate(SimulatedInode inode, long length)
    {
        if (!HasRoomFor(inode, length))
        {
            return -Errno.ENOSPC;
        }

        inode.Reserve(SimulatedInode.Align(length, SectorSize));
        return 0;
    }

    internal void Crash(Random random)
    {
        var reachable = new HashSet<SimulatedInode>();
        foreach (SimulatedDirectory directory in Directories.Values)
        {
            directory.Crash(random);
            reachable.UnionWith(directory.Visible.Values);
        }

        foreach (SimulatedInode inode in reachable)
        {
            inode.ResolveUnsynced(random, SectorSize, truncateToDurableLength: true);
        }

        OpenInodes.Clear();
    }

    private bool IsAligned(long offset, int length, nint address) =>
        offset % SectorSize == 0 && length % SectorSize == 0 && address % SectorSize == 0;

    private bool HasRoomFor(SimulatedInode inode, long length)
    {
        long needed = SimulatedInode.Align(length, SectorSize) - inode.Allocated;
        return needed <= 0 || ComputeUsed() + needed <= _capacity;
    }

    private long ComputeUsed()
    {
        var live = new HashSet<SimulatedInode>(OpenInodes);
        foreach (SimulatedDirectory directory in Directories.Values)
        {
            live.UnionWith(directory.Visible.Values);
        }

        return live.Sum(i => i.Allocated);
    }

    internal SimulatedFault? TakeFault(SimulatedFaultKind kind, string path)
    {
        foreach (SimulatedFault fault in _faults)
        {
            if (!fault.Matches(kind, path))
            {
                continue;
            }

            if (fault.Remaining > 0)
            {
                fault.Remaining--;
                continue;
            }

            fault.Triggered++;
            return fault;
        }

        return null;
    }
}
