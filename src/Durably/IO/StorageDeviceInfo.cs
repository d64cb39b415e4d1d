namespace Durably.IO;

/// <summary>What the log needs to know about the device under a directory.</summary>
/// <param name="DeviceId">The device identity (<c>major:minor</c> of st_dev), used to warn when both copies share one.</param>
/// <param name="DirectIoAlignment">
/// The larger of the O_DIRECT memory and offset alignments (statx STATX_DIOALIGN), or 0 when the
/// file system does not report it.
/// </param>
/// <param name="DirectIoSupported">False when the file system refuses O_DIRECT.</param>
/// <param name="PhysicalSectorSize">
/// The device's physical sector size (the unit it writes atomically, which may exceed the
/// O_DIRECT alignment on a 512-byte-emulation disk), or 0 when it cannot be found (a file system
/// without one block device under it, such as tmpfs or overlayfs).
/// </param>
/// <param name="NonPersistentFileSystem">
/// The file system's name when its contents do not survive a reboot (tmpfs, ramfs: statfs
/// <c>f_type</c>), else null.
/// </param>
internal readonly record struct StorageDeviceInfo(string DeviceId, int DirectIoAlignment, bool DirectIoSupported, int PhysicalSectorSize, string? NonPersistentFileSystem = null);
