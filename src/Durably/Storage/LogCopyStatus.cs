namespace Durably;

/// <summary>One copy of the log as the status reports it.</summary>
public sealed class LogCopyStatus
{
    /// <summary>"primary" or "secondary".</summary>
    public required string Name { get; init; }

    /// <summary>The copy's directory (full path).</summary>
    public required string Directory { get; init; }

    /// <summary>The device holding it (<c>major:minor</c>).</summary>
    public required string Device { get; init; }

    /// <summary>
    /// The physical sector size of that device (the unit it writes atomically), or 0 when the
    /// file system does not sit on one block device that reports it (tmpfs, overlayfs). The
    /// log's alignment is at least this for a log created here.
    /// </summary>
    public int PhysicalSectorSize { get; init; }

    /// <summary>True if segment files are open with O_DIRECT.</summary>
    public required bool DirectIo { get; init; }

    /// <summary>True if segment files are open with O_DSYNC.</summary>
    public required bool DataSync { get; init; }

    /// <summary>True if every frame write is chained to an fdatasync (<see cref="LogOptions.FdatasyncAfterWrite"/>).</summary>
    public bool FdatasyncAfterWrite { get; init; } = true;

    /// <summary>Why direct I/O is off although asked for, or null.</summary>
    public string? DirectIoNote { get; init; }
}
