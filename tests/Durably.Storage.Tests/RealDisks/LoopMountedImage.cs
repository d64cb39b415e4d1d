using Durably.Storage.Tests.Processes;

namespace Durably.Storage.Tests.RealDisks;

/// <summary>
/// A small ext4 file system on a loop device, mounted under a temporary directory: truncate +
/// mkfs.ext4 + mount -o loop. Needs root, e2fsprogs and loop devices; when that is not possible
/// the test fails saying why (it is not skipped). Unmounted and deleted on dispose.
/// </summary>
internal sealed class LoopMountedImage : IDisposable
{
    private readonly string _root;
    private readonly string _image;
    private bool _mounted;

    internal LoopMountedImage(string name, int megabytes)
    {
        _root = Directory.CreateTempSubdirectory("durably-loop-").FullName;
        _image = Path.Combine(_root, name + ".img");
        MountPoint = Path.Combine(_root, name);
        Directory.CreateDirectory(MountPoint);
        try
        {
            Require(ExternalCommand.Run("truncate", "-s", megabytes + "M", _image), "truncate");
            Require(ExternalCommand.Run("mkfs.ext4", "-q", "-F", "-m", "0", _image), "mkfs.ext4");
            Require(ExternalCommand.Run("mount", "-o", "loop", _image, MountPoint), "mount -o loop");
            _mounted = true;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Where the file system is mounted.</summary>
    internal string MountPoint { get; }

    /// <summary>Bytes free on the file system.</summary>
    internal long FreeBytes => new DriveInfo(MountPoint).AvailableFreeSpace;

    public void Dispose()
    {
        if (_mounted)
        {
            (int code, _) = ExternalCommand.Run("umount", MountPoint);
            if (code != 0)
            {
                _ = ExternalCommand.Run("umount", "-l", MountPoint);
            }

            _mounted = false;
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A lazily unmounted directory may linger until the kernel lets go of it.
        }
    }

    private static void Require((int ExitCode, string Output) result, string step)
    {
        if (result.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"Cannot set up a loop-mounted ext4 image: {step} exited with {result.ExitCode}: {result.Output}. "
                + $"These tests need root (running as uid {Environment.UserName}), mkfs.ext4 (e2fsprogs), and loop devices (mount/losetup, util-linux).");
        }
    }
}
