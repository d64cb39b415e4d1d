using System.Diagnostics;

namespace Durably.Store.Tests.Infrastructure;

/// <summary>
/// A small real ext4 file system on a loop device (truncate + mkfs.ext4 + mount -o loop), mounted
/// under a temporary directory, so that a log can really run out of space. Needs root, e2fsprogs
/// and loop devices (CI installs them); without them the test fails saying why. Unmounted and
/// deleted on dispose.
/// </summary>
internal sealed class SmallExt4Disk : IDisposable
{
    private readonly string _root;
    private bool _mounted;

    public SmallExt4Disk(string name, int megabytes)
    {
        _root = Directory.CreateTempSubdirectory("durably-full-disk-").FullName;
        string image = Path.Combine(_root, name + ".img");
        MountPoint = Path.Combine(_root, name);
        Directory.CreateDirectory(MountPoint);
        try
        {
            Run("truncate", "-s", megabytes + "M", image);
            Run("mkfs.ext4", "-q", "-F", "-m", "0", image);
            Run("mount", "-o", "loop", image, MountPoint);
            _mounted = true;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string MountPoint { get; }

    public void Dispose()
    {
        if (_mounted && TryRun("umount", MountPoint) != 0)
        {
            TryRun("umount", "-l", MountPoint);
        }

        _mounted = false;
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A lazily unmounted directory may linger until the kernel lets go of it.
        }
    }

    private static void Run(string command, params string[] arguments)
    {
        int code = TryRun(command, arguments, out string output);
        if (code != 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"Cannot set up a small ext4 disk: {command} exited with {code}: {output.Trim()}. "
                + $"This test needs root (running as {Environment.UserName}), mkfs.ext4 (e2fsprogs) and loop devices (util-linux).");
        }
    }

    private static int TryRun(string command, params string[] arguments) => TryRun(command, arguments, out _);

    private static int TryRun(string command, string[] arguments, out string output)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            output = stdout + stderr;
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            output = e.Message;
            return -1;
        }
    }
}
