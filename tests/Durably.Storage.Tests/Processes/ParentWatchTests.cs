using System.Diagnostics;

namespace Durably.Storage.Tests.Processes;

/// <summary>A child process of the tests dies with its host instead of outliving it (holding a log's lock).</summary>
public sealed class ParentWatchTests
{
    [Fact]
    public async Task A_child_whose_host_dies_ends_itself_and_releases_the_log()
    {
        using var dirs = new TemporaryLogDirectories();
        ProcessStartInfo child = ExternalCommand.TestAssemblyVerb(["hold-log", dirs.Primary, dirs.Secondary]);

        // A stand-in host: a shell that starts the child (stdin kept open by a long sleep, so the
        // child would hold the log for a minute), announces itself as the child's host, and dies.
        var host = new ProcessStartInfo("sh")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        host.ArgumentList.Add("-c");
        host.ArgumentList.Add($"export {ParentWatch.ParentVariable}=$$; sleep 60 | \"$@\" & sleep 2");
        host.ArgumentList.Add("host");
        host.ArgumentList.Add(child.FileName);
        foreach (string argument in child.ArgumentList)
        {
            host.ArgumentList.Add(argument);
        }

        using Process shell = Process.Start(host)!;
        string? line = await shell.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(line);
        Assert.StartsWith("holding ", line, StringComparison.Ordinal);
        int childId = int.Parse(line["holding ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        await shell.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        // The host is gone: within a few watch intervals the child is too, and the log opens.
        var clock = Stopwatch.StartNew();
        while (Exists(childId) && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
        }

        Assert.False(Exists(childId), $"child {childId} outlived its host by {clock.Elapsed.TotalSeconds:F1} s");

        // The leader thread shows as a zombie while the process's other threads are still being
        // torn down (and hold the lock's descriptor): the lock is released when the last one ends.
        DurableLog? log = null;
        while (log is null)
        {
            try
            {
                log = await DurableLog.OpenAsync(dirs.Options());
            }
            catch (LogLockedException) when (clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(50);
            }
        }

        await using DurableLog opened = log;
        Assert.Equal(0, opened.LastSequence);
    }

    private static bool Exists(int processId) =>
        File.Exists($"/proc/{processId}/stat") && !File.ReadAllText($"/proc/{processId}/stat").Contains(") Z ", StringComparison.Ordinal);
}
