namespace Durably.Testing;

/// <summary>The geometry and size of a <see cref="SimulatedDisk"/>.</summary>
public sealed class SimulatedDiskOptions
{
    /// <summary>Sector size in bytes: the unit of torn writes and the O_DIRECT alignment (default 512).</summary>
    public int SectorSize { get; init; } = 512;

    /// <summary>Bytes the disk can hold; allocations beyond fail with ENOSPC (default 1 GiB).</summary>
    public long Capacity { get; init; } = 1L << 30;
}
