using System.Globalization;
using Durably.IO;
using Durably.IO.Linux;
using Durably.Storage.Tests.Processes;

namespace Durably.Storage.Tests.Logs;

/// <summary>
/// The physical sector size the log reads from sysfs, checked against lsblk (util-linux) for the
/// device under the temp directory, and the alignment rule on that real device.
/// </summary>
public sealed class PhysicalSectorProbeTests
{
    [Fact]
    public void The_probe_reports_the_physical_sector_size_lsblk_reports_for_the_device()
    {
        using var dirs = new TemporaryLogDirectories();
        StorageDeviceInfo info = new LinuxFileSystem().ProbeDevice(dirs.Root);
        int? expected = LsblkPhysicalSector(info.DeviceId);

        // lsblk lists block devices only; a file system without one (tmpfs, overlayfs) reports 0.
        Assert.Equal(expected ?? 0, info.PhysicalSectorSize);
    }

    [EmulatedSectorDiskFact]
    public async Task On_a_512_byte_emulation_disk_a_new_log_is_aligned_to_the_physical_sector_and_a_smaller_alignment_is_refused()
    {
        using var dirs = new TemporaryLogDirectories();
        Directory.CreateDirectory(dirs.Primary);
        StorageDeviceInfo info = new LinuxFileSystem().ProbeDevice(dirs.Primary);
        LogOptions refused = dirs.Options();
        refused.Alignment = info.DirectIoAlignment;
        ArgumentOutOfRangeException error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await DurableLog.OpenAsync(refused));
        Assert.Contains("below the physical sector size " + info.PhysicalSectorSize.ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);

        await using DurableLog log = await DurableLog.OpenAsync(dirs.Options());
        Assert.True(log.Status.Alignment >= info.PhysicalSectorSize);
        Assert.All(log.Status.Copies, c => Assert.Equal(info.PhysicalSectorSize, c.PhysicalSectorSize));
    }

    private static int? LsblkPhysicalSector(string deviceId)
    {
        (int exit, string output) = ExternalCommand.Run("lsblk", "--raw", "--noheadings", "--output", "MAJ:MIN,PHY-SEC");
        Assert.True(exit == 0, "this test needs lsblk (util-linux): " + output);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && fields[0] == deviceId)
            {
                return int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
