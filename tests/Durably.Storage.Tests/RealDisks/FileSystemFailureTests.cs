using Durably.Storage.Tests.Processes;

namespace Durably.Storage.Tests.RealDisks;

/// <summary>
/// File systems that refuse or do not keep what the log writes, on real mounts (loop-mounted
/// ext4, bind mounts, tmpfs): each gives a typed error or a warning that says what it is.
/// </summary>
public sealed class FileSystemFailureTests
{
    private const int SegmentSize = 1 << 20;

    [RootFact]
    public async Task A_file_system_remounted_read_only_is_refused_with_EROFS_naming_the_copy_and_what_to_do()
    {
        using var primary = new LoopMountedImage("primary", 16);
        using var secondary = new LoopMountedImage("secondary", 16);
        LogOptions options = Options(primary.MountPoint + "/log", secondary.MountPoint + "/log");
        await using (DurableLog log = await DurableLog.OpenAsync(options))
        {
            Assert.Equal(1, await log.AppendAsync(new byte[] { 7 }));
        }

        (int code, string output) = ExternalCommand.Run("mount", "-o", "remount,ro", primary.MountPoint);
        Assert.True(code == 0, "remount read-only: " + output);

        LogIoException error = await Assert.ThrowsAsync<LogIoException>(async () => await DurableLog.OpenAsync(options));
        Assert.Equal("EROFS", error.ErrnoName);
        Assert.Equal("primary", error.Copy);
        Assert.StartsWith(primary.MountPoint, error.FilePath, StringComparison.Ordinal);
        Assert.Contains("remount it read-write", error.Message, StringComparison.Ordinal);

        // Nothing was lost: read-write again, the log opens with its record.
        Assert.Equal(0, ExternalCommand.Run("mount", "-o", "remount,rw", primary.MountPoint).ExitCode);
        await using DurableLog reopened = await DurableLog.OpenAsync(options);
        Assert.Equal(1, reopened.LastSequence);
    }

    [RootFact]
    public async Task The_same_directory_through_a_bind_mount_is_refused_as_one_directory()
    {
        using var disk = new LoopMountedImage("disk", 16);
        string primary = Path.Combine(disk.MountPoint, "log");
        string bound = Path.Combine(disk.MountPoint, "bound");
        Directory.CreateDirectory(primary);
        Directory.CreateDirectory(bound);
        Assert.Equal(0, ExternalCommand.Run("mount", "--bind", primary, bound).ExitCode);
        try
        {
            LogConfigurationException error = await Assert.ThrowsAsync<LogConfigurationException>(
                async () => await DurableLog.OpenAsync(Options(primary, bound)));
            Assert.Contains("same directory (device and inode", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            _ = ExternalCommand.Run("umount", bound);
        }
    }

    [RootFact]
    public async Task A_copy_on_tmpfs_opens_with_a_warning_that_it_does_not_survive_a_reboot()
    {
        string root = Directory.CreateTempSubdirectory("durably-tmpfs-").FullName;
        string mount = Path.Combine(root, "tmpfs");
        Directory.CreateDirectory(mount);
        Assert.Equal(0, ExternalCommand.Run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount).ExitCode);
        try
        {
            var messages = new List<string>();
            LogOptions options = Options(Path.Combine(mount, "log"), Path.Combine(root, "secondary"));
            options.OnMessage = messages.Add;
            await using (DurableLog log = await DurableLog.OpenAsync(options))
            {
                string warning = Assert.Single(log.Status.Warnings, w => w.Contains("tmpfs", StringComparison.Ordinal));
                Assert.Contains("The primary copy", warning, StringComparison.Ordinal);
                Assert.Contains("does not survive a reboot", warning, StringComparison.Ordinal);
                Assert.Contains(messages, m => m.StartsWith("Warning: The primary copy", StringComparison.Ordinal) && m.Contains("tmpfs", StringComparison.Ordinal));
                Assert.DoesNotContain(log.Status.Warnings, w => w.Contains("The secondary copy", StringComparison.Ordinal) && w.Contains("tmpfs", StringComparison.Ordinal));
            }
        }
        finally
        {
            _ = ExternalCommand.Run("umount", mount);
            Directory.Delete(root, recursive: true);
        }
    }

    private static LogOptions Options(string primary, string secondary) => new()
    {
        PrimaryDirectory = primary,
        SecondaryDirectory = secondary,
        SegmentSize = SegmentSize,
        Engine = LogEngineKind.Portable,
        SpaceRetryInterval = TimeSpan.Zero,
    };
}
