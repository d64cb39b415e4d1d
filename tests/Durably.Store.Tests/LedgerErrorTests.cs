using System.Diagnostics;
using Durably.Store.Tests.Infrastructure;

namespace Durably.Store.Tests;

/// <summary>
/// The Ledger sample turns every failure into its documented exit code and one line on stderr
/// that says what to do, never a stack trace; <c>init</c> is one operation; the log's warnings
/// are shown.
/// </summary>
public sealed class LedgerErrorTests
{
    [Fact]
    public async Task Init_is_one_operation_and_a_second_init_is_refused_with_exit_code_3()
    {
        using var directory = new TemporaryDirectory();
        var ledger = new LedgerCli(directory.Path);
        (int code, _, string error) = await ledger.RunAsync("init", "--accounts", "100", "--balance", "10");
        Assert.True(code == 0, error);

        (code, string output, error) = await ledger.RunAsync("check");
        Assert.True(code == 0, error);
        Assert.StartsWith("accounts=100 total=1000 transfers=0 sequence=1\n", output, StringComparison.Ordinal);

        (code, _, error) = await ledger.RunAsync("init");
        Assert.Equal(3, code);
        AssertOneCleanLine(error, "already exists");
    }

    [Fact]
    public async Task An_init_killed_at_any_moment_leaves_all_accounts_or_none_and_a_way_forward()
    {
        // Kill moments spread over start-up, recovery, the one init record and the clean close.
        int[] delays = [40, 90, 140, 190, 240, 300, 380, 480];
        var outcomes = new List<string>();
        foreach (int delay in delays)
        {
            using var directory = new TemporaryDirectory();
            var ledger = new LedgerCli(directory.Path);
            using (Process init = ledger.Start("init", "--accounts", "100", "--balance", "10"))
            {
                await Task.Delay(delay);
                init.Kill();
                await init.WaitForExitAsync();
            }

            // Either the init record is durable (all 100 accounts: a second init is refused) or it is
            // not (nothing: init works now). Never some accounts, never a dead end.
            (int code, _, string error) = await ledger.RunAsync("init", "--accounts", "100", "--balance", "10");
            Assert.True(code is 0 or 3, $"after a kill at {delay} ms, init exited {code}: {error}");
            outcomes.Add(code == 0 ? "none" : "all");
            (code, string output, error) = await ledger.RunAsync("check");
            Assert.True(code == 0, $"after a kill at {delay} ms: {error}");
            Assert.StartsWith("accounts=100 total=1000 transfers=0 sequence=1\n", output, StringComparison.Ordinal);
        }

        Assert.Contains("none", outcomes);
    }

    [Fact]
    public async Task The_log_warnings_are_shown_on_stderr()
    {
        using var directory = new TemporaryDirectory();
        (int code, _, string error) = await new LedgerCli(directory.Path).RunAsync("init");
        Assert.Equal(0, code);
        Assert.Contains("ledger: Warning: ", error, StringComparison.Ordinal);
        Assert.Contains("same device", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_directory_for_both_copies_exits_with_2_naming_it()
    {
        using var directory = new TemporaryDirectory();
        string both = Path.Combine(directory.Path, "both");
        (int code, _, string error) = await new LedgerCli(both, both).RunAsync("init");
        Assert.Equal(2, code);
        AssertOneCleanLine(error, "same directory");

        Directory.CreateDirectory(both);
        string link = Path.Combine(directory.Path, "link");
        Directory.CreateSymbolicLink(link, both);
        (code, _, error) = await new LedgerCli(both, link).RunAsync("check");
        Assert.Equal(2, code);
        AssertOneCleanLine(error, "symlink or bind mount");
    }

    [Fact]
    public async Task A_primary_that_is_a_file_exits_with_9_and_ENOTDIR()
    {
        using var directory = new TemporaryDirectory();
        string file = Path.Combine(directory.Path, "file");
        await File.WriteAllTextAsync(file, "x");
        (int code, _, string error) = await new LedgerCli(file, Path.Combine(directory.Path, "secondary")).RunAsync("check");
        Assert.Equal(9, code);
        AssertOneCleanLine(error, "ENOTDIR");
        Assert.Contains("(the primary copy)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_held_by_another_process_exits_with_4()
    {
        using var directory = new TemporaryDirectory();
        var ledger = new LedgerCli(directory.Path);
        Assert.Equal(0, (await ledger.RunAsync("init", "--accounts", "3")).ExitCode);
        await using (LedgerSample.Ledger held = await LedgerSample.Ledger.OpenAsync(directory.Options()))
        {
            (int code, _, string error) = await ledger.RunAsync("check");
            Assert.Equal(4, code);
            AssertOneCleanLine(error, "pid " + Environment.ProcessId);
        }
    }

    [RootFact]
    public async Task A_copy_remounted_read_only_exits_with_9_and_EROFS()
    {
        using var primary = new SmallExt4Disk("primary", 16);
        using var directory = new TemporaryDirectory();
        var ledger = new LedgerCli(Path.Combine(primary.MountPoint, "ledger"), Path.Combine(directory.Path, "secondary"));
        Assert.Equal(0, (await ledger.RunAsync("init", "--accounts", "3")).ExitCode);
        // The kernel releases the files an io_uring ring had registered a moment after the process
        // exits; until then the file system is busy and cannot be remounted.
        int remounted = -1;
        for (int attempt = 0; attempt < 40 && remounted != 0; attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 250);
            using Process remount = Process.Start(new ProcessStartInfo("mount", ["-o", "remount,ro", primary.MountPoint]) { RedirectStandardError = true })!;
            await remount.WaitForExitAsync();
            remounted = remount.ExitCode;
        }

        Assert.Equal(0, remounted);

        try
        {
            (int code, _, string error) = await ledger.RunAsync("check");
            Assert.Equal(9, code);
            AssertOneCleanLine(error, "EROFS");
            Assert.Contains("remount it read-write", error, StringComparison.Ordinal);
        }
        finally
        {
            using Process back = Process.Start("mount", ["-o", "remount,rw", primary.MountPoint]);
            await back.WaitForExitAsync();
        }
    }

    /// <summary>The error output is one "ledger: ..." line (after any warnings) naming <paramref name="expected"/>, without a stack trace.</summary>
    private static void AssertOneCleanLine(string error, string expected)
    {
        string[] lines = [.. error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("ledger: Warning: ", StringComparison.Ordinal))];
        string line = Assert.Single(lines);
        Assert.StartsWith("ledger: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
    }
}
