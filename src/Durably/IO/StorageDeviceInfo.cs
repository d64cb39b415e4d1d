namespace Durably.IO;

/// <summary>What the log needs to know about the device under a directory.</summary>
/// <param name="DeviceId">The device identity (<c>major:minor</c> of st_dev), used to warn when both copies share one.</param>
/// <param name="DirectIoAlignment">
/// The larger of the O_DIRECT memory and offset alignments (statx STATX_DIOALIGN), or 0 when the
/// file system does not report it.
/// </param>
/// <param name="DirectIoSupported">False when the file system refuses O_DIRECT.</param>
internal readonly record struct StorageDeviceInfo(string DeviceId, int DirectIoAlignment, bool DirectIoSupported);
