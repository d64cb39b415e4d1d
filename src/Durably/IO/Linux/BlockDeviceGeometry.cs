using System.Globalization;

namespace Durably.IO.Linux;

/// <summary>
/// Reads a block device's physical sector size from sysfs (<c>/sys/dev/block/MAJOR:MINOR</c>),
/// the unit the device writes atomically. On a 512-byte-emulation disk it is larger than the
/// logical sector that O_DIRECT accepts, and a write smaller than it is a read-modify-write of
/// the whole physical sector inside the drive: torn by a power loss, it can damage the data that
/// shared the sector.
/// </summary>
internal static class BlockDeviceGeometry
{
    /// <summary>
    /// The physical sector size of device <paramref name="major"/>:<paramref name="minor"/>, or 0
    /// when sysfs does not describe it (major 0 is an anonymous device: tmpfs, overlayfs, a
    /// btrfs subvolume). A partition has no queue of its own, so its disk's is read.
    /// </summary>
    internal static int PhysicalSectorSize(uint major, uint minor)
    {
        if (major == 0)
        {
            return 0;
        }

        string device = string.Create(CultureInfo.InvariantCulture, $"/sys/dev/block/{major}:{minor}");
        return ReadSize(Path.Combine(device, "queue", "physical_block_size"))
            ?? ReadSize(Path.Combine(device, "..", "queue", "physical_block_size"))
            ?? 0;
    }

    private static int? ReadSize(string path)
    {
        try
        {
            string text = File.ReadAllText(path).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int size) && size >= 512 && (size & (size - 1)) == 0
                ? size
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
