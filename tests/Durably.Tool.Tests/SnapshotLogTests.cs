using System.Text.Json;

namespace Durably.Tool.Tests;

/// <summary>
/// The durably tool on logs written by a real state with small segments and frequent snapshots,
/// so that the first segments are retired behind snapshots (the default policy does this too, and
/// a clean dispose takes a snapshot): the log starts after segment 1, and the snapshots say where.
/// </summary>
public sealed class SnapshotLogTests
{
    private const int Deposits = 60;

    [Fact]
    public async Task Status_verify_and_dump_read_a_log_whose_first_segments_were_retired_behind_snapshots()
    {
        using var log = new TemporaryLog();
        await WriteAsync(log);
        Assert.False(File.Exists(Path.Combine(log.Primary, "wal-000000000001.seg"))); // the case under test: segment 1 retired
        Dictionary<string, string> before = log.Fingerprint();

        ToolProcess.Result status = ToolProcess.Run("status", log.Primary, log.Secondary, "--json");
        ToolProcess.Result human = ToolProcess.Run("status", log.Primary, log.Secondary);
        ToolProcess.Result verify = ToolProcess.Run("verify", log.Primary, log.Secondary);
        ToolProcess.Result dump = ToolProcess.Run("dump", log.Primary, log.Secondary, "--json");

        Assert.True(status.ExitCode == 0, status.Error);
        JsonElement root = JsonDocument.Parse(status.Output).RootElement;
        long first = root.GetProperty("firstSequence").GetInt64();
        Assert.True(first > 1, "the log should start after its retired records");
        Assert.Equal(Deposits, root.GetProperty("lastSequence").GetInt64());
        Assert.Equal(Deposits, root.GetProperty("snapshotSequence").GetInt64());
        JsonElement[] snapshots = [.. root.GetProperty("snapshots").EnumerateArray()];
        Assert.Equal(2, snapshots.Length); // the newest and the one kept for a fallback
        Assert.Equal("loaded", snapshots[0].GetProperty("use").GetString());
        Assert.Equal("fallback", snapshots[1].GetProperty("use").GetString());
        Assert.All(snapshots, s => Assert.All(s.GetProperty("copies").EnumerateArray(), c => Assert.True(c.GetProperty("verifies").GetBoolean())));
        Assert.True(snapshots[0].GetProperty("bytes").GetInt64() > 0);
        Assert.Empty(root.GetProperty("recoveryFindings").EnumerateArray());

        Assert.Equal(0, human.ExitCode);
        Assert.Contains("snapshots    2: recovery loads the one at 60", human.Output, StringComparison.Ordinal);
        Assert.Contains("snap-00000000000000000060.snap", human.Output, StringComparison.Ordinal);
        Assert.Contains("primary verifies, secondary verifies", human.Output, StringComparison.Ordinal);
        Assert.Contains($"sequence     {first}..{Deposits}", human.Output, StringComparison.Ordinal);

        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.StartsWith("INTACT", verify.Output, StringComparison.Ordinal);
        Assert.Contains($"records {first}..{Deposits} ({Deposits - first + 1} read back)", verify.Output, StringComparison.Ordinal);
        Assert.Contains("2 snapshots, 2 verify in every copy", verify.Output, StringComparison.Ordinal);

        Assert.True(dump.ExitCode == 0, dump.Error);
        Assert.Contains($"the log starts at record {first}", dump.Error, StringComparison.Ordinal);
        long[] sequences = [.. dump.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sequence").GetInt64())];
        Assert.Equal(Enumerable.Range((int)first, Deposits - (int)first + 1).Select(i => (long)i), sequences);

        Assert.Equal(before, log.Fingerprint());
    }

    [Fact]
    public async Task Verify_reports_a_snapshot_damaged_in_one_copy_with_exit_1_and_changes_no_byte()
    {
        using var log = new TemporaryLog();
        await WriteAsync(log);
        string newest = Path.Combine(log.Secondary, "snap-00000000000000000060.snap");
        FlipByte(newest, 130); // inside the body: the body CRC fails, in the secondary only
        Dictionary<string, string> damaged = log.Fingerprint();

        ToolProcess.Result verify = ToolProcess.Run("verify", log.Primary, log.Secondary);
        ToolProcess.Result json = ToolProcess.Run("verify", log.Primary, log.Secondary, "--json");
        ToolProcess.Result status = ToolProcess.Run("status", log.Primary, log.Secondary);

        Assert.Equal(1, verify.ExitCode);
        Assert.StartsWith("REPAIR NEEDED", verify.Output, StringComparison.Ordinal);
        Assert.Contains("secondary: rewrote from the other copy snapshot " + newest, verify.Output, StringComparison.Ordinal);
        Assert.Contains("body CRC mismatch", verify.Output, StringComparison.Ordinal);
        Assert.Equal(1, json.ExitCode);
        JsonElement snapshot = JsonDocument.Parse(json.Output).RootElement.GetProperty("snapshots")[0];
        Assert.Equal(60, snapshot.GetProperty("sequence").GetInt64());
        Assert.Equal(["secondary"], snapshot.GetProperty("damagedIn").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("primary verifies, secondary body CRC mismatch", status.Output, StringComparison.Ordinal);
        Assert.Equal(damaged, log.Fingerprint()); // the tool repaired nothing

        await AssertRecoversAsync(log);
        Assert.Equal(0, ToolProcess.Run("verify", log.Primary, log.Secondary).ExitCode); // recovery rewrote it
    }

    [Fact]
    public async Task A_newest_snapshot_damaged_in_both_copies_is_reported_as_a_fall_back_to_the_previous_one_with_exit_1()
    {
        using var log = new TemporaryLog();
        await WriteAsync(log);
        FlipByte(Path.Combine(log.Primary, "snap-00000000000000000060.snap"), 130);
        FlipByte(Path.Combine(log.Secondary, "snap-00000000000000000060.snap"), 20); // the header
        Dictionary<string, string> damaged = log.Fingerprint();

        ToolProcess.Result verify = ToolProcess.Run("verify", log.Primary, log.Secondary);
        ToolProcess.Result status = ToolProcess.Run("status", log.Primary, log.Secondary, "--json");

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("set aside (renamed to .ignored) snapshot snap-00000000000000000060.snap", verify.Output, StringComparison.Ordinal);
        Assert.Contains("recovery would fall back to the snapshot at 50", verify.Output, StringComparison.Ordinal);
        Assert.Contains("no acknowledged record is lost", verify.Output, StringComparison.Ordinal);
        Assert.Equal(0, status.ExitCode);
        JsonElement root = JsonDocument.Parse(status.Output).RootElement;
        Assert.Equal(50, root.GetProperty("snapshotSequence").GetInt64());
        Assert.Equal(["set-aside", "loaded"], root.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("use").GetString()));
        Assert.Equal(damaged, log.Fingerprint());

        await AssertRecoversAsync(log); // what the tool said: recovery falls back and loses nothing
    }

    [Fact]
    public async Task Snapshots_damaged_in_both_copies_after_their_log_was_retired_are_corrupt_with_exit_2()
    {
        using var log = new TemporaryLog();
        await WriteAsync(log);
        foreach (string directory in new[] { log.Primary, log.Secondary })
        {
            FlipByte(Path.Combine(directory, "snap-00000000000000000060.snap"), 130);
            FlipByte(Path.Combine(directory, "snap-00000000000000000050.snap"), 130);
        }

        Dictionary<string, string> damaged = log.Fingerprint();

        ToolProcess.Result verify = ToolProcess.Run("verify", log.Primary, log.Secondary);
        ToolProcess.Result json = ToolProcess.Run("status", log.Primary, log.Secondary, "--json");
        ToolProcess.Result dump = ToolProcess.Run("dump", log.Primary, log.Secondary);

        Assert.Equal(2, verify.ExitCode);
        Assert.Contains("CORRUPT", verify.Error, StringComparison.Ordinal);
        Assert.Contains("Segment 1 is missing from every copy", verify.Error, StringComparison.Ordinal);
        Assert.Contains("snap-00000000000000000060.snap verifies in no copy", verify.Error, StringComparison.Ordinal);
        Assert.Contains("snap-00000000000000000050.snap verifies in no copy", verify.Error, StringComparison.Ordinal);
        Assert.Equal(2, json.ExitCode);
        Assert.Equal("corrupt", JsonDocument.Parse(json.Output).RootElement.GetProperty("result").GetString());
        Assert.Equal(2, dump.ExitCode);
        Assert.Equal(damaged, log.Fingerprint());

        // What the tool said: recovery refuses to open.
        LogCorruptException refused = await Assert.ThrowsAsync<LogCorruptException>(async () => await Accounts.OpenAsync(Options(log)));
        Assert.Contains("snap-00000000000000000060.snap verifies in no copy", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snapshot_of_another_log_is_reported_as_set_aside_with_exit_1()
    {
        using var log = new TemporaryLog();
        using var other = new TemporaryLog();
        await WriteAsync(log);
        await using (Accounts accounts = await Accounts.OpenAsync(Options(other)))
        {
            for (int i = 1; i <= 25; i++)
            {
                await accounts.DepositAsync("x", i);
            }

            Assert.Equal(25, await accounts.SnapshotAsync());
        }

        const string foreign = "snap-00000000000000000025.snap";
        File.Copy(Path.Combine(other.Primary, foreign), Path.Combine(log.Primary, foreign));
        File.Copy(Path.Combine(other.Secondary, foreign), Path.Combine(log.Secondary, foreign));

        ToolProcess.Result verify = ToolProcess.Run("verify", log.Primary, log.Secondary);

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("set aside (renamed to .ignored) snapshot " + foreign, verify.Output, StringComparison.Ordinal);
        Assert.Contains("it belongs to another log", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_files_without_any_segment_are_corrupt_with_exit_2_not_an_empty_directory()
    {
        using var log = new TemporaryLog();
        await WriteAsync(log);
        foreach (string file in Directory.GetFiles(log.Primary).Concat(Directory.GetFiles(log.Secondary)))
        {
            if (!Path.GetFileName(file).StartsWith("snap-", StringComparison.Ordinal))
            {
                File.Delete(file); // every segment, the lock file and the clean-close record: only the snapshots are left
            }
        }

        ToolProcess.Result status = ToolProcess.Run("status", log.Primary, log.Secondary);
        ToolProcess.Result verify = ToolProcess.Run("verify", log.Primary, log.Secondary);

        Assert.Equal(2, status.ExitCode);
        Assert.Contains("snapshot files but no segment file", status.Error, StringComparison.Ordinal);
        Assert.Equal(2, verify.ExitCode);
        await Assert.ThrowsAsync<LogCorruptException>(async () => await Accounts.OpenAsync(Options(log))); // as recovery says
    }

    private static DurableOptions Options(TemporaryLog log)
    {
        var options = new DurableOptions
        {
            PrimaryDirectory = log.Primary,
            SecondaryDirectory = log.Secondary,
            // Snapshots only where WriteAsync takes them, so which files exist does not depend on timing.
            Snapshots = SnapshotPolicy.Manual,
        };
        options.Log.SegmentSize = 8 * 4096; // the smallest: a few frames per segment, so snapshots retire whole segments
        options.Log.Engine = LogEngineKind.Portable;
        return options;
    }

    /// <summary>Deposits 1..60 one by one (a frame each) with a snapshot every 10 records, then closes cleanly.</summary>
    private static async Task WriteAsync(TemporaryLog log)
    {
        await using Accounts accounts = await Accounts.OpenAsync(Options(log));
        for (int i = 1; i <= Deposits; i++)
        {
            await accounts.DepositAsync("account-" + (i % 3), i);
            if (i % 10 == 0)
            {
                Assert.Equal(i, await accounts.SnapshotAsync());
            }
        }
    }

    /// <summary>Opens the state (recovery repairs what the tool reported) and checks every deposit is there.</summary>
    private static async Task AssertRecoversAsync(TemporaryLog log)
    {
        await using Accounts accounts = await Accounts.OpenAsync(Options(log));
        for (int account = 0; account < 3; account++)
        {
            long expected = Enumerable.Range(1, Deposits).Where(i => i % 3 == account).Sum();
            Assert.Equal(expected, accounts.Balance("account-" + account));
        }
    }

    private static void FlipByte(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x5A));
    }
}
