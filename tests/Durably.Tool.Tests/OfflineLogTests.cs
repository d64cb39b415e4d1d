using System.Text.Json;
using Durably.Runtime;
using Durably.Storage;

namespace Durably.Tool.Tests;

/// <summary>The durably tool on real logs that no process has open: status, verify, dump and their exit codes.</summary>
public sealed class OfflineLogTests
{
    [Fact]
    public async Task Status_names_the_log_its_range_and_that_no_process_has_it_open()
    {
        using var log = new TemporaryLog();
        await log.WriteDepositsAsync(20);
        string logId;
        await using (DurableLog opened = await DurableLog.OpenAsync(log.Options()))
        {
            logId = opened.Status.LogId;
        }

        ToolProcess.Result result = ToolProcess.Run("status", log.Primary, log.Secondary, "--json");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement root = json.RootElement;
        Assert.Equal(logId, root.GetProperty("logId").GetString());
        Assert.Equal(1, root.GetProperty("firstSequence").GetInt64());
        Assert.Equal(20, root.GetProperty("lastSequence").GetInt64());
        Assert.False(root.GetProperty("openElsewhere").GetBoolean());
        Assert.Equal(2, root.GetProperty("copies").GetArrayLength());
        Assert.True(root.GetProperty("copies")[0].GetProperty("bytes").GetInt64() > 0);
        Assert.Empty(root.GetProperty("recoveryFindings").EnumerateArray());

        ToolProcess.Result human = ToolProcess.Run("status", log.Primary, log.Secondary);
        Assert.Equal(0, human.ExitCode);
        Assert.Contains(logId, human.Output, StringComparison.Ordinal);
        Assert.Contains("sequence     1..20", human.Output, StringComparison.Ordinal);
        Assert.Contains("open         no", human.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_of_an_intact_log_exits_0_and_changes_no_byte()
    {
        using var log = new TemporaryLog();
        await log.WriteDepositsAsync(30);
        Dictionary<string, string> before = log.Fingerprint();

        ToolProcess.Result result = ToolProcess.Run("verify", log.Primary, log.Secondary);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("INTACT", result.Output, StringComparison.Ordinal);
        Assert.Contains("(30 read back)", result.Output, StringComparison.Ordinal);
        Assert.Equal(before, log.Fingerprint());
    }

    [Fact]
    public async Task Dump_prints_each_record_with_its_operation_and_decoded_arguments()
    {
        using var log = new TemporaryLog();
        await log.WriteDepositsAsync(12);

        ToolProcess.Result all = ToolProcess.Run("dump", log.Primary, log.Secondary);
        ToolProcess.Result range = ToolProcess.Run("dump", log.Primary, log.Secondary, "--from", "5", "--to", "7", "--json");

        Assert.Equal(0, all.ExitCode);
        string[] lines = all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(12, lines.Length);
        Assert.Equal("       1  deposit(\"account-1\", 1)", lines[0]);
        Assert.Equal("      12  deposit(\"account-0\", 12)", lines[11]);

        Assert.Equal(0, range.ExitCode);
        JsonElement[] records = [.. range.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal([5L, 6L, 7L], records.Select(r => r.GetProperty("sequence").GetInt64()));
        Assert.All(records, r => Assert.Equal("deposit", r.GetProperty("operation").GetString()));
        Assert.Equal("account-2", records[0].GetProperty("arguments")[0].GetString());
        Assert.Equal(5, records[0].GetProperty("arguments")[1].GetInt64());
    }

    [Fact]
    public async Task Dump_shows_only_the_operation_asked_for()
    {
        using var log = new TemporaryLog();
        await using (DurableLog opened = await DurableLog.OpenAsync(log.Options()))
        {
            for (int i = 1; i <= 9; i++)
            {
                await opened.AppendAsync(i % 3 == 0 ? TemporaryLog.Record("withdraw", "a", (long)i) : TemporaryLog.Record("deposit", "a", (long)i));
            }
        }

        ToolProcess.Result result = ToolProcess.Run("dump", log.Primary, log.Secondary, "--operation", "withdraw", "--json");

        Assert.Equal(0, result.ExitCode);
        long[] sequences = [.. result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sequence").GetInt64())];
        Assert.Equal([3L, 6L, 9L], sequences);
    }

    [Fact]
    public async Task Dump_decodes_every_MessagePack_family_without_the_types_that_wrote_them()
    {
        using var log = new TemporaryLog();
        var when = new DateTime(2026, 12, 7, 5, 30, 0, DateTimeKind.Utc);
        await using (DurableLog opened = await DurableLog.OpenAsync(log.Options()))
        {
            await opened.AppendAsync(TemporaryLog.Record(
                "everything",
                null,
                true,
                ulong.MaxValue,
                -5L,
                1.5,
                new byte[] { 1, 2, 3 },
                when,
                new[] { "x", "y" },
                new Dictionary<string, long> { ["k"] = 7 }));
        }

        ToolProcess.Result result = ToolProcess.Run("dump", log.Primary, log.Secondary, "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "{\"sequence\":1,\"operation\":\"everything\",\"arguments\":[null,true,18446744073709551615,-5,1.5,\"AQID\",\"2026-12-07T05:30:00.0000000Z\",[\"x\",\"y\"],{\"k\":7}]}",
            result.Output.Trim());
    }

    [Fact]
    public async Task Dump_shows_a_record_that_is_not_an_operation_record_as_bytes_and_refuses_hostile_nesting()
    {
        using var log = new TemporaryLog();
        byte[] deep = [.. Enumerable.Repeat((byte)0x91, 200), 0xC0]; // 200 nested one-element arrays around nil
        byte[] nested = [0x92, 0xA1, (byte)'n', .. deep];                // ["n", [[[...]]]]
        await using (DurableLog opened = await DurableLog.OpenAsync(log.Options()))
        {
            await opened.AppendAsync(new byte[] { 0x01, 0x02 });
            await opened.AppendAsync(nested);
            await opened.AppendAsync(TemporaryLog.Record("after", 1L));
        }

        ToolProcess.Result result = ToolProcess.Run("dump", log.Primary, log.Secondary);

        Assert.Equal(0, result.ExitCode);
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("not an operation record", lines[0], StringComparison.Ordinal);
        Assert.Contains("0102", lines[0], StringComparison.Ordinal);
        Assert.Contains("nests deeper than 100", lines[1], StringComparison.Ordinal);
        Assert.Equal("       3  after(1)", lines[2]);
    }

    [Fact]
    public async Task Dump_shows_an_argument_nested_as_deep_as_the_runtime_writes_and_reads_back()
    {
        // The runtime's writer and reader allow 100 levels of nesting in an argument (a chain of 100
        // linked records, say); the dump refused such records beyond 64.
        using var log = new TemporaryLog();
        byte[] nested = [0x92, 0xA4, .. "deep"u8, .. Enumerable.Repeat((byte)0x91, MessagePackReader.DefaultMaximumDepth), 0x01];
        await using (DurableLog opened = await DurableLog.OpenAsync(log.Options()))
        {
            await opened.AppendAsync(nested);
        }

        ToolProcess.Result result = ToolProcess.Run("dump", log.Primary, log.Secondary);

        Assert.Equal(0, result.ExitCode);
        string expected = "deep(" + new string('[', MessagePackReader.DefaultMaximumDepth) + "1" + new string(']', MessagePackReader.DefaultMaximumDepth) + ")";
        Assert.Equal("       1  " + expected, Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task Verify_reports_a_frame_damaged_in_one_copy_exits_1_and_leaves_the_repair_to_recovery()
    {
        using var log = new TemporaryLog();
        await log.WriteDepositsAsync(10);
        int alignment = Alignment(log);
        string segment = Path.Combine(log.Secondary, "wal-000000000001.seg");
        FlipByte(segment, (3 * alignment) + 70); // inside the third frame's payload (record 3), secondary only
        Dictionary<string, string> damaged = log.Fingerprint();

        ToolProcess.Result result = ToolProcess.Run("verify", log.Primary, log.Secondary);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("REPAIR NEEDED", result.Output, StringComparison.Ordinal);
        Assert.Contains("secondary", result.Output, StringComparison.Ordinal);
        Assert.Contains("(10 read back)", result.Output, StringComparison.Ordinal);
        Assert.Equal(damaged, log.Fingerprint()); // the tool repaired nothing

        await using (DurableLog reopened = await DurableLog.OpenAsync(log.Options()))
        {
            Assert.NotEmpty(reopened.Status.Repairs);
        }

        Assert.Equal(0, ToolProcess.Run("verify", log.Primary, log.Secondary).ExitCode);
    }

    [Fact]
    public async Task Verify_and_dump_refuse_a_record_damaged_in_both_copies_with_exit_2()
    {
        using var log = new TemporaryLog();
        await log.WriteDepositsAsync(10);
        int alignment = Alignment(log);
        FlipByte(Path.Combine(log.Primary, "wal-000000000001.seg"), (4 * alignment) + 20); // the fourth frame's header
        FlipByte(Path.Combine(log.Secondary, "wal-000000000001.seg"), (4 * alignment) + 70); // and its payload

        ToolProcess.Result verify = ToolProcess.Run("verify", log.Primary, log.Secondary);
        ToolProcess.Result json = ToolProcess.Run("verify", log.Primary, log.Secondary, "--json");
        ToolProcess.Result dump = ToolProcess.Run("dump", log.Primary, log.Secondary);

        Assert.Equal(2, verify.ExitCode);
        Assert.Contains("CORRUPT", verify.Error, StringComparison.Ordinal);
        Assert.Contains("Record 4", verify.Error, StringComparison.Ordinal);
        Assert.Equal(2, json.ExitCode);
        Assert.Equal("corrupt", JsonDocument.Parse(json.Output).RootElement.GetProperty("result").GetString());
        Assert.Equal(2, dump.ExitCode);
    }

    [Fact]
    public void A_directory_without_a_log_exits_3_and_a_bad_command_line_64()
    {
        using var log = new TemporaryLog();
        Directory.CreateDirectory(log.Primary);
        Directory.CreateDirectory(log.Secondary);

        Assert.Equal(3, ToolProcess.Run("verify", log.Primary, log.Secondary).ExitCode);
        Assert.Equal(3, ToolProcess.Run("status", Path.Combine(log.Root, "missing")).ExitCode);
        Assert.Empty(Directory.GetFiles(log.Primary)); // nothing created, not even a lock file
        Assert.Equal(64, ToolProcess.Run("dump", log.Primary, "--from", "0").ExitCode);
        Assert.Equal(64, ToolProcess.Run("verify").ExitCode);
        Assert.Equal(64, ToolProcess.Run("frobnicate").ExitCode);
    }

    internal static int Alignment(TemporaryLog log)
    {
        ToolProcess.Result status = ToolProcess.Run("status", log.Primary, log.Secondary, "--json");
        Assert.Equal(0, status.ExitCode);
        return JsonDocument.Parse(status.Output).RootElement.GetProperty("alignment").GetInt32();
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
