using System.Diagnostics;
using System.Text.RegularExpressions;
using Durably.Store.Tests.Infrastructure;

namespace Durably.Store.Tests;

/// <summary>
/// The Ledger sample as a real process: its command-line contract, and the crash test — 'load'
/// killed with SIGKILL at random moments, after which 'check' must show the total unchanged and
/// every acknowledged transfer among the recovered ones.
/// </summary>
public sealed partial class LedgerCrashTests
{
    private const int Kills = 20;

    [Fact]
    public async Task Every_acknowledged_transfer_survives_kill_minus_nine_at_random_moments()
    {
        using var directory = new TemporaryDirectory();

        // Small segments and a snapshot every 100 records: kills land while snapshots are written and segments retired.
        var ledger = new LedgerCli(directory.Path, segmentMegabytes: 1, snapshotEvery: 100);
        int recoveredFromSnapshots = 0;
        (int initCode, string initOutput, string initError) = await ledger.RunAsync("init", "--accounts", "100", "--balance", "1000");
        Assert.True(initCode == 0, initError);
        Assert.Equal("ok\n", initOutput);

        var random = new Random(20240601);
        var allAcknowledged = new HashSet<string>(StringComparer.Ordinal);
        int previousTransfers = 0;
        for (int kill = 1; kill <= Kills; kill++)
        {
            List<string> acknowledged = await LoadAndKill(ledger, seed: kill, delay: TimeSpan.FromMilliseconds(random.Next(5, 400)));
            allAcknowledged.UnionWith(acknowledged);

            string idsFile = Path.Combine(directory.Path, "ids-" + kill + ".txt");
            (int code, string output, string error) = await ledger.RunAsync("check", "--ids", idsFile);
            Assert.True(code == 0, "check failed after kill " + kill + ": " + error);
            string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Match totals = TotalsLine().Match(lines[0]);
            Assert.True(totals.Success, lines[0]);
            Assert.Equal("100", totals.Groups["accounts"].Value);
            Assert.Equal("100000", totals.Groups["total"].Value);
            Assert.Matches(StatusLine(), lines[1]);
            Match snapshot = SnapshotLine().Match(lines[2]);
            Assert.True(snapshot.Success, lines[2]);
            long snapshotSequence = snapshot.Groups["snapshot"].Value == "none" ? 0 : long.Parse(snapshot.Groups["snapshot"].Value, System.Globalization.CultureInfo.InvariantCulture);
            recoveredFromSnapshots += snapshotSequence > 0 ? 1 : 0;
            Assert.Equal(
                long.Parse(totals.Groups["sequence"].Value, System.Globalization.CultureInfo.InvariantCulture),
                snapshotSequence + long.Parse(snapshot.Groups["replayed"].Value, System.Globalization.CultureInfo.InvariantCulture));

            var recovered = new HashSet<string>(await File.ReadAllLinesAsync(idsFile), StringComparer.Ordinal);
            int transfers = int.Parse(totals.Groups["transfers"].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(transfers, recovered.Count);
            Assert.True(transfers >= previousTransfers, "applied transfers went backwards after kill " + kill);
            previousTransfers = transfers;

            string[] missing = [.. allAcknowledged.Where(id => !recovered.Contains(id)).Take(5)];
            Assert.True(missing.Length == 0, "acknowledged but missing after kill " + kill + ": " + string.Join(", ", missing));
        }

        Assert.True(allAcknowledged.Count > Kills, "too few acknowledgements to mean anything: " + allAcknowledged.Count);
        Assert.True(recoveredFromSnapshots > Kills / 2, "recovery used a snapshot only " + recoveredFromSnapshots + " times");
    }

    [Fact]
    public async Task Snapshot_prints_its_sequence_and_check_reports_snapshot_replayed_records_and_log_bytes()
    {
        using var directory = new TemporaryDirectory();
        var ledger = new LedgerCli(directory.Path);
        Assert.Equal(0, (await ledger.RunAsync("init", "--accounts", "5", "--balance", "300")).ExitCode);

        // init exits cleanly: the library's default policy took a snapshot of its 5 deposits on dispose.
        (int code, string output, string error) = await ledger.RunAsync("check");
        Assert.True(code == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal("snapshot=5 replayed=0 log_bytes=" + PrimaryLogBytes(directory.Path), lines[2]);

        // A load killed before it exits leaves records after the snapshot: check replays them.
        List<string> acknowledged = await LoadAndKill(ledger, seed: 3, delay: TimeSpan.FromMilliseconds(100));
        Assert.NotEmpty(acknowledged);
        string primary = Path.Combine(directory.Path, "primary");
        (code, output, error) = await ledger.RunAsync("check", "--snapshot-every", "1000000");
        Assert.True(code == 0, error);
        lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        long sequence = long.Parse(TotalsLine().Match(lines[0]).Groups["sequence"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(sequence > 5, lines[0]);
        Assert.StartsWith("snapshot=5 replayed=" + (sequence - 5) + " log_bytes=", lines[2], StringComparison.Ordinal);

        // That check exited cleanly and took a snapshot at the last record; 'snapshot' finds nothing newer to take.
        (code, output, error) = await ledger.RunAsync("snapshot");
        Assert.True(code == 0, error);
        Assert.Equal("snapshot=" + sequence + "\n", output);
        Assert.True(File.Exists(Path.Combine(primary, "snap-" + sequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ".snap")));
        (code, output, _) = await ledger.RunAsync("check");
        Assert.Equal(0, code);
        Assert.Equal("snapshot=" + sequence + " replayed=0 log_bytes=" + PrimaryLogBytes(directory.Path), output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[2]);
    }

    private static long PrimaryLogBytes(string root) =>
        new DirectoryInfo(Path.Combine(root, "primary")).EnumerateFiles()
            .Where(f => f.Name.EndsWith(".seg", StringComparison.Ordinal) || f.Name.EndsWith(".snap", StringComparison.Ordinal))
            .Sum(f => f.Length);

    [Fact]
    public async Task Load_prints_one_line_per_transfer_and_check_counts_them()
    {
        using var directory = new TemporaryDirectory();
        var ledger = new LedgerCli(directory.Path);
        Assert.Equal(0, (await ledger.RunAsync("init", "--accounts", "5", "--balance", "300")).ExitCode);

        (int code, string output, string error) = await ledger.RunAsync("load", "--ops", "300", "--writers", "3", "--seed", "42");
        Assert.True(code == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(300, lines.Length);
        Assert.All(lines, line => Assert.Matches(LoadLine(), line));
        string[] ids = [.. lines.Select(l => l.Split(' ')[1])];
        Assert.Equal(300, ids.Distinct().Count());
        Assert.Equal(
            Enumerable.Range(0, 3).SelectMany(w => Enumerable.Range(0, 100).Select(n => $"42-{w}-{n}")).Order(),
            ids.Order());
        int acknowledged = lines.Count(l => l.StartsWith("ack ", StringComparison.Ordinal));
        Assert.InRange(acknowledged, 1, 299);

        string idsFile = Path.Combine(directory.Path, "ids.txt");
        (code, output, _) = await ledger.RunAsync("check", "--ids", idsFile);
        Assert.Equal(0, code);
        Assert.StartsWith($"accounts=5 total=1500 transfers={acknowledged} sequence=305\n", output, StringComparison.Ordinal);
        Assert.Equal(
            lines.Where(l => l.StartsWith("ack ", StringComparison.Ordinal)).Select(l => l[4..]).Order(),
            (await File.ReadAllLinesAsync(idsFile)).Order());

        // The same seed again: the ids applied before are duplicates now, so those transfers are rejected.
        var applied = new HashSet<string>(lines.Where(l => l.StartsWith("ack ", StringComparison.Ordinal)).Select(l => l[4..]), StringComparer.Ordinal);
        (code, output, _) = await ledger.RunAsync("load", "--ops", "30", "--writers", "3", "--seed", "42");
        Assert.Equal(0, code);
        string[] again = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(30, again.Length);
        Assert.All(again.Where(l => applied.Contains(l.Split(' ')[1])), line => Assert.StartsWith("rejected ", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Init_refuses_an_existing_ledger_and_check_refuses_a_log_held_by_another_process()
    {
        using var directory = new TemporaryDirectory();
        var ledger = new LedgerCli(directory.Path);
        Assert.Equal(0, (await ledger.RunAsync("init", "--accounts", "3", "--balance", "10")).ExitCode);

        (int code, string output, string error) = await ledger.RunAsync("init", "--accounts", "3", "--balance", "10");
        Assert.NotEqual(0, code);
        Assert.Empty(output);
        Assert.Contains("already exists", error, StringComparison.Ordinal);

        using Process load = ledger.Start("load", "--ops", "100000000", "--writers", "2");
        Assert.NotNull(await load.StandardOutput.ReadLineAsync());
        (code, output, error) = await ledger.RunAsync("check");
        load.Kill();
        await load.WaitForExitAsync();
        Assert.NotEqual(0, code);
        Assert.Empty(output);
        Assert.Contains("another process holds the log", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_on_a_full_disk_stops_with_the_reason_and_keeps_what_it_acknowledged()
    {
        using var primaryDisk = new SmallExt4Disk("primary", 24);
        using var secondaryDisk = new SmallExt4Disk("secondary", 24);
        using var work = new TemporaryDirectory();
        var ledger = new LedgerCli(Path.Combine(primaryDisk.MountPoint, "ledger"), Path.Combine(secondaryDisk.MountPoint, "ledger"));
        Assert.Equal(0, (await ledger.RunAsync("init", "--accounts", "100", "--balance", "1000")).ExitCode);

        (int code, string output, string error) = await ledger.RunAsync("load", "--ops", "100000000", "--writers", "8", "--seed", "5");
        Assert.Equal(6, code);
        Assert.Contains("the log is full", error, StringComparison.Ordinal);
        string[] acknowledged = [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("ack ", StringComparison.Ordinal)).Select(l => l[4..])];
        Assert.NotEmpty(acknowledged);

        string idsFile = Path.Combine(work.Path, "ids.txt");
        (code, output, error) = await ledger.RunAsync("check", "--ids", idsFile);
        Assert.True(code == 0, error);
        Assert.StartsWith("accounts=100 total=100000 transfers=", output, StringComparison.Ordinal);
        var recovered = new HashSet<string>(await File.ReadAllLinesAsync(idsFile), StringComparer.Ordinal);
        Assert.All(acknowledged, id => Assert.Contains(id, recovered));
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task<List<string>> LoadAndKill(LedgerCli ledger, int seed, TimeSpan delay)
    {
        var acknowledged = new List<string>();
        using Process load = ledger.Start("load", "--ops", "100000000", "--writers", "8", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Task<string> errors = load.StandardError.ReadToEndAsync();

        // Kill while transfers are being acknowledged: after the first one, plus a random delay.
        string? first = await load.StandardOutput.ReadLineAsync().WaitAsync(Patience);
        if (first is null)
        {
            Assert.Fail("load printed nothing: " + await errors);
        }

        Record(first, acknowledged);
        Task<string?> next = load.StandardOutput.ReadLineAsync();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < delay && await Task.WhenAny(next, Task.Delay(delay)) == next && await next is { } line)
        {
            Record(line, acknowledged);
            next = load.StandardOutput.ReadLineAsync();
        }

        if (load.HasExited)
        {
            Assert.Fail("load ended before it was killed: " + await errors);
        }

        load.Kill();
        await load.WaitForExitAsync().WaitAsync(Patience);

        // Lines the process wrote before it died are still in the pipe: they were acknowledged.
        for (string? line = await next.WaitAsync(Patience); line is not null; line = await load.StandardOutput.ReadLineAsync().WaitAsync(Patience))
        {
            Record(line, acknowledged);
        }

        return acknowledged;
    }

    private static void Record(string line, List<string> acknowledged)
    {
        if (line.StartsWith("ack ", StringComparison.Ordinal))
        {
            acknowledged.Add(line[4..]);
        }
    }

    [GeneratedRegex(@"^accounts=(?<accounts>\d+) total=(?<total>\d+) transfers=(?<transfers>\d+) sequence=(?<sequence>\d+)$")]
    private static partial Regex TotalsLine();

    [GeneratedRegex(@"^engine=(io_uring|portable) alignment=\d+ copies=2 segments=\d+ repaired=.+$")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^snapshot=(?<snapshot>none|\d+) replayed=(?<replayed>\d+) log_bytes=\d+$")]
    private static partial Regex SnapshotLine();

    [GeneratedRegex(@"^(ack|rejected) 42-[0-2]-\d+$")]
    private static partial Regex LoadLine();
}
