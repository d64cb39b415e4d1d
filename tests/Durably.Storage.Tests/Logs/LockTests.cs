using System.Diagnostics;
using Durably.Storage.Format;
using Durably.Storage.Tests.Processes;

namespace Durably.Storage.Tests.Logs;

/// <summary>One process per log, checked with real second processes.</summary>
public sealed class LockTests
{
    [Fact]
    public async Task A_second_process_opening_the_same_log_is_refused_with_the_holder_named()
    {
        using var dirs = new TemporaryLogDirectories();
        ProcessStartInfo start = ExternalCommand.TestAssemblyVerb(["hold-log", dirs.Primary, dirs.Secondary]);
        using Process holder = Process.Start(start) ?? throw new InvalidOperationException("could not start the holder process");
        try
        {
            Task<string> errors = holder.StandardError.ReadToEndAsync();
            Task<string?> ready = holder.StandardOutput.ReadLineAsync();
            if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(60))) != ready || await ready != "holding " + holder.Id)
            {
                holder.Kill(entireProcessTree: true);
                await holder.WaitForExitAsync();
                Assert.Fail($"the holder process ({start.FileName} {string.Join(' ', start.ArgumentList)}) did not open the log: "
                    + (ready.IsCompleted ? await ready : "(no output)") + " " + await errors);
            }


            LogLockedException error = await Assert.ThrowsAsync<LogLockedException>(async () => await DurableLog.OpenAsync(dirs.Options()));
            Assert.Equal(holder.Id, error.HolderProcessId);
            Assert.Contains("pid " + holder.Id, error.Message, StringComparison.Ordinal);
            Assert.Equal(Path.GetFullPath(dirs.Primary), error.Directory);
        }
        finally
        {
            holder.StandardInput.Close();
            if (!holder.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                holder.Kill(entireProcessTree: true);
            }
        }

        Assert.Equal(0, holder.ExitCode);
        await using DurableLog log = await DurableLog.OpenAsync(dirs.Options());
        Assert.Empty(log.Status.RepairRecords);
    }

    [Fact]
    public async Task While_the_log_is_open_flock_from_another_process_fails_on_both_lock_files()
    {
        using var dirs = new TemporaryLogDirectories();
        string[] lockFiles = [Path.Combine(dirs.Primary, SegmentFileName.LockFile), Path.Combine(dirs.Secondary, SegmentFileName.LockFile)];
        await using (DurableLog log = await DurableLog.OpenAsync(dirs.Options()))
        {
            Assert.Equal(1, await log.AppendAsync(new byte[] { 1 }));
            foreach (string lockFile in lockFiles)
            {
                (int exitCode, string output) = ExternalCommand.Run("flock", "--nonblock", "--conflict-exit-code", "7", lockFile, "true");
                Assert.True(exitCode == 7, $"flock on {lockFile} should have been refused, got {exitCode}: {output}");

                // Read with cat: .NET's FileStream takes a shared flock of its own, which the held lock refuses.
                (int catCode, string holder) = ExternalCommand.Run("cat", lockFile);
                Assert.Equal(0, catCode);
                Assert.StartsWith("pid " + Environment.ProcessId, holder, StringComparison.Ordinal);
            }
        }

        foreach (string lockFile in lockFiles)
        {
            (int exitCode, string output) = ExternalCommand.Run("flock", "--nonblock", lockFile, "true");
            Assert.True(exitCode == 0, $"flock on {lockFile} after closing the log: {exitCode}: {output}");
        }
    }
}
