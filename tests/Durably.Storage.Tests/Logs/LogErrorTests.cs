using System.Diagnostics;
using Durably.Storage.Tests.Processes;
using Durably.Storage.Tests.RealDisks;

namespace Durably.Storage.Tests.Logs;

/// <summary>
/// Every failure to open reaches the caller as a public, typed exception of ours that names the
/// call, path, copy and errno and says what to do; one directory given twice is named as such.
/// </summary>
public sealed class LogErrorTests
{
    [Fact]
    public async Task A_primary_that_is_a_file_is_refused_with_ENOTDIR_naming_the_copy_and_path()
    {
        using var dirs = new TemporaryLogDirectories();
        Directory.CreateDirectory(dirs.Root);
        await File.WriteAllTextAsync(dirs.Primary, "not a directory");

        LogIoException error = await Assert.ThrowsAsync<LogIoException>(async () => await DurableLog.OpenAsync(dirs.Options()));
        Assert.Equal("ENOTDIR", error.ErrnoName);
        Assert.Equal(20, error.Errno);
        Assert.Equal("primary", error.Copy);
        Assert.StartsWith(dirs.Primary, error.FilePath, StringComparison.Ordinal);
        Assert.Contains("give a directory", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<DurableLogException>(error);
    }

    [Fact]
    public async Task The_same_directory_twice_by_path_is_a_configuration_error()
    {
        using var dirs = new TemporaryLogDirectories();
        LogOptions options = dirs.Options();
        options.SecondaryDirectory = dirs.Primary + "/";

        LogConfigurationException error = await Assert.ThrowsAsync<LogConfigurationException>(async () => await DurableLog.OpenAsync(options));
        Assert.Contains("same directory", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dirs.Primary), "nothing may be created for a refused configuration");
    }

    [Fact]
    public async Task The_same_directory_twice_through_a_symlink_is_refused_by_device_and_inode_not_as_a_lock_held_by_this_process()
    {
        using var dirs = new TemporaryLogDirectories();
        Directory.CreateDirectory(dirs.Primary);
        Directory.CreateSymbolicLink(dirs.Secondary, dirs.Primary);

        LogConfigurationException error = await Assert.ThrowsAsync<LogConfigurationException>(async () => await DurableLog.OpenAsync(dirs.Options()));
        Assert.Contains("same directory (device and inode", error.Message, StringComparison.Ordinal);
        Assert.Contains("symlink or bind mount", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("another process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_log_opened_twice_in_one_process_says_so()
    {
        using var dirs = new TemporaryLogDirectories();
        await using DurableLog first = await DurableLog.OpenAsync(dirs.Options());

        LogLockedException error = await Assert.ThrowsAsync<LogLockedException>(async () => await DurableLog.OpenAsync(dirs.Options()));
        Assert.Contains("already open in this process", error.Message, StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessId, error.HolderProcessId);
        Assert.DoesNotContain("another process", error.Message, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task A_directory_the_process_may_not_write_is_refused_with_EACCES_in_a_process_without_root()
    {
        using var dirs = new TemporaryLogDirectories();
        await using (DurableLog log = await DurableLog.OpenAsync(dirs.Options()))
        {
            Assert.Equal(1, await log.AppendAsync(new byte[] { 1 }));
        }

        // Root passes every permission check: open the log from a child that runs as nobody.
        // The directories stay root's (0755): nobody may enter them but not create or write files there.
        Assert.Equal(0, ExternalCommand.Run("chmod", "755", dirs.Root).ExitCode);
        string output = await OpenAsNobodyAsync(dirs);
        Assert.Contains("error=LogIoException:", output, StringComparison.Ordinal);
        Assert.Contains("EACCES", output, StringComparison.Ordinal);
        Assert.Contains("(the primary copy)", output, StringComparison.Ordinal);
        Assert.Contains("check the owner and permissions", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task A_read_only_lock_file_is_refused_with_EACCES_naming_it_in_a_process_without_root() =>
        await AssertReadOnlyFileRefused("durably.lock");

    [RootFact]
    public async Task A_read_only_segment_is_refused_with_EACCES_naming_it_in_a_process_without_root() =>
        await AssertReadOnlyFileRefused("wal-000000000001.seg");

    /// <summary>
    /// The directories belong to the unprivileged user (it may create files there), but one file of
    /// the primary copy is read-only: opening the log must fail with a typed EACCES that names the
    /// file and the copy, not a stack trace.
    /// </summary>
    private static async Task AssertReadOnlyFileRefused(string fileName)
    {
        using var dirs = new TemporaryLogDirectories();
        await using (DurableLog log = await DurableLog.OpenAsync(dirs.Options()))
        {
            Assert.Equal(1, await log.AppendAsync(new byte[] { 1 }));
        }

        string file = Path.Combine(dirs.Primary, fileName);
        Assert.True(File.Exists(file), file + " was not created by the log");
        Assert.Equal(0, ExternalCommand.Run("chown", "-R", "65534:65534", dirs.Root).ExitCode);
        Assert.Equal(0, ExternalCommand.Run("chmod", "444", file).ExitCode);
        string output = await OpenAsNobodyAsync(dirs);
        Assert.Contains("error=LogIoException:", output, StringComparison.Ordinal);
        Assert.Contains("EACCES", output, StringComparison.Ordinal);
        Assert.Contains(fileName, output, StringComparison.Ordinal);
        Assert.Contains("(the primary copy)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Opens the log from a child running as nobody (root passes every permission check) and
    /// returns what it printed: <c>error=Type: message</c> when opening failed.
    /// </summary>
    private static async Task<string> OpenAsNobodyAsync(TemporaryLogDirectories dirs)
    {
        ProcessStartInfo start = ExternalCommand.TestAssemblyVerb(["open-log", dirs.Primary, dirs.Secondary, "auto"]);
        start.ArgumentList.Insert(0, start.FileName);
        foreach (string argument in new[] { "--clear-groups", "--regid=65534", "--reuid=65534" }.Reverse())
        {
            start.ArgumentList.Insert(0, argument);
        }

        start.FileName = "setpriv";
        using var child = Process.Start(start)!;
        string output = await child.StandardOutput.ReadToEndAsync();
        string errors = await child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        Assert.True(child.ExitCode == 0, $"the child failed to run (exit {child.ExitCode}): {output} {errors}");
        return output;
    }
}
