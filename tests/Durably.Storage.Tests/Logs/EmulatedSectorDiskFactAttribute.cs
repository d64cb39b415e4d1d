using System.Globalization;
using Durably.IO;
using Durably.IO.Linux;

namespace Durably.Storage.Tests.Logs;

/// <summary>
/// A fact that needs the temp directory on a 512-byte-emulation disk (a physical sector larger
/// than the O_DIRECT alignment). Elsewhere it is reported as skipped with what the device is,
/// rather than passing without having run; simulated disks cover the rule everywhere.
/// </summary>
internal sealed class EmulatedSectorDiskFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> UnavailableReason = new(Probe);

    public EmulatedSectorDiskFactAttribute()
    {
        if (UnavailableReason.Value is string reason)
        {
            Skip = reason;
        }
    }

    private static string? Probe()
    {
        DirectoryInfo directory = Directory.CreateTempSubdirectory("durably-sector-");
        try
        {
            StorageDeviceInfo info = new LinuxFileSystem().ProbeDevice(directory.FullName);
            return info.PhysicalSectorSize > info.DirectIoAlignment
                ? null
                : string.Create(
                    CultureInfo.InvariantCulture,
                    $"the device {info.DeviceId} under the temp directory has O_DIRECT alignment {info.DirectIoAlignment} and physical sector size {info.PhysicalSectorSize}: not a 512-byte-emulation disk");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
