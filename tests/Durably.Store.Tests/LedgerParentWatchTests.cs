using System.Diagnostics;
using Durably.Store.Tests.Infrastructure;

namespace Durably.Store.Tests;

/// <summary>
/// A ledger started by another process ends with it: a <c>load</c> (which runs until killed) whose
/// parent dies does not keep appending or holding the log's lock.
/// </summary>
public sealed class LedgerParentWatchTests
{
    [Fact]
    public async Task A_load_whose_parent_dies_ends_itself_and_releases_the_log()
    {
        using var directory = new TemporaryDirectory();
        var ledger = new LedgerCli(directory.Path);
        Assert.Equal(0, (await ledger.RunAsync("init", "--accounts", "5")).ExitCode);

        // A stand-in parent: a shell that starts the load as its child, announces the child's pid,
        // waits until the load is running and dies.
        using Process template = ledger.Start("check");
        await template.WaitForExitAsync();
        ProcessStartInfo child = template.StartInfo;
        var parent = new ProcessStartInfo("sh")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        parent.ArgumentList.Add("-c");
        parent.ArgumentList.Add($"export {LedgerCli.ParentVariable}=$$; \"$@\" >/dev/null 2>&1 & echo $!; sleep 3");
        parent.ArgumentList.Add("parent");
        parent.ArgumentList.Add(child.FileName);
        parent.ArgumentList.Add(child.ArgumentList[0]);
        foreach (string argument in new[] { "load", "--ops", "100000000", "--writers", "2" }.Concat(child.ArgumentList.Skip(2)))
        {
            parent.ArgumentList.Add(argument);
        }

        using Process shell = Process.Start(parent)!;
        string? line = await shell.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(line);
        int childId = int.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
        await shell.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var clock = Stopwatch.StartNew();
        while (Exists(childId) && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
        }

        Assert.False(Exists(childId), $"the load {childId} outlived its parent by {clock.Elapsed.TotalSeconds:F1} s");
        (int code, string output, string error) = await ledger.RunAsync("check");
        Assert.True(code == 0, error);
        Assert.StartsWith("accounts=5 total=5000 ", output, StringComparison.Ordinal);
    }

    private static bool Exists(int processId) =>
        File.Exists($"/proc/{processId}/stat") && !File.ReadAllText($"/proc/{processId}/stat").Contains(") Z ", StringComparison.Ordinal);
}
