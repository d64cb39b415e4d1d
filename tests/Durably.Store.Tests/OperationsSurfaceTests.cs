using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;
using Durably.Testing;
using Microsoft.Extensions.Logging;

namespace Durably.Store.Tests;

/// <summary>
/// Metrics (the <c>Durably</c> meter, read with a <see cref="System.Diagnostics.Metrics.MeterListener"/>)
/// and logging (<see cref="ILogger"/> events with ids) of a real store: commits, appends, bytes and
/// latency on a real log, replay on reopening, repairs after a damaged copy, and a fault and a failed
/// verification injected on the simulated disk. Every test uses <see cref="MeteredTally"/>, which no
/// other test opens, so the measurements tagged with it are this class's alone.
/// </summary>
public sealed class OperationsSurfaceTests
{
    private const string StateType = nameof(MeteredTally);

    [Fact]
    public async Task Commits_appends_bytes_latency_and_replay_are_measured_and_tagged_with_the_state_type()
    {
        using var directory = new TemporaryDirectory();
        using var metrics = new MetricsRecorder(StateType);
        var logger = new RecordingLogger();
        int alignment;
        await using (MeteredTally tally = await MeteredTally.OpenAsync(directory.Options(o => o.Logger = logger)))
        {
            alignment = tally.DurableStatus.Log.Alignment;
            for (int i = 1; i <= 5; i++)
            {
                await tally.AddAsync(i);
            }

            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => tally.AddAsync(1).AsTask()));
        }

        Assert.Equal(25, metrics.Sum("durably.log.appends"));
        double commits = metrics.Sum("durably.log.commits");
        Assert.InRange(commits, 6, 25); // five awaited one by one, twenty concurrent in one or more
        Assert.Equal(25, metrics.Sum("durably.log.commit.records"));
        Assert.Equal(commits, metrics.Values("durably.log.commit.records").Length);
        Assert.True(metrics.Sum("durably.log.bytes_written") >= commits * alignment * 2, "every frame is at least one aligned block in each of two copies");
        double[] latencies = metrics.Values("durably.log.commit.duration");
        Assert.Equal(commits, latencies.Length);
        Assert.All(latencies, seconds => Assert.InRange(seconds, 1e-7, 60));
        Assert.Equal([0.0], metrics.Values("durably.replay.records")); // the first open replays nothing
        double[] snapshotSizes = metrics.Values("durably.snapshot.size"); // a clean dispose takes a snapshot
        Assert.NotEmpty(snapshotSizes);
        Assert.All(snapshotSizes, size => Assert.True(size > 0));
        Assert.Equal(snapshotSizes.Length, metrics.Values("durably.snapshot.duration").Length);
        Assert.Equal("s", metrics.Instruments["durably.log.commit.duration"].Unit);
        Assert.Equal("By", metrics.Instruments["durably.log.bytes_written"].Unit);

        await using (MeteredTally reopened = await MeteredTally.OpenAsync(directory.Options()))
        {
            Assert.Equal(35, reopened.Total); // 1+2+3+4+5 and twenty ones
        }

        Assert.Equal(2, metrics.Values("durably.replay.records").Length); // the second replays what the snapshot does not hold
        Assert.Equal(2, metrics.Values("durably.replay.duration").Length);
        Assert.Empty(metrics.Values("durably.log.faults"));

        RecordingLogger.Event opened = Assert.Single(logger.Events, e => e.Id.Id == 1001);
        Assert.Equal("LogOpened", opened.Id.Name);
        Assert.Equal(LogLevel.Information, opened.Level);
        Assert.Equal(StateType, opened.Values["StateType"]);
        Assert.Equal(0L, opened.Values["LastSequence"]);
        Assert.Equal("each frame an O_DSYNC write chained to an fdatasync per copy, read back and checked before it is acknowledged", opened.Values["Durability"]);
        Assert.Contains("opened", opened.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snapshot_taken_while_the_store_runs_records_how_long_applies_paused()
    {
        using var directory = new TemporaryDirectory();
        using var metrics = new MetricsRecorder(StateType);
        await using (MeteredTally tally = await MeteredTally.OpenAsync(directory.Options()))
        {
            for (int i = 1; i <= 3; i++)
            {
                await tally.AddAsync(i);
            }

            Assert.Equal(3, await tally.SnapshotAsync());
            double pause = Assert.Single(metrics.Values("durably.snapshot.pause"));
            Assert.Equal(tally.DurableStatus.LastSnapshotPause.TotalSeconds, pause, 6);
            Assert.InRange(pause, 1e-9, 60);
            Assert.Equal("s", metrics.Instruments["durably.snapshot.pause"].Unit);
            await tally.AddAsync(4);
        }

        // The snapshot a clean dispose takes is serialized after the last apply: nothing waited for it.
        Assert.Single(metrics.Values("durably.snapshot.pause"));
        Assert.Equal(2, metrics.Values("durably.snapshot.size").Length);
    }

    [Fact]
    public async Task A_copy_repaired_on_opening_is_counted_and_logged_as_a_warning()
    {
        using var directory = new TemporaryDirectory();
        int alignment;
        await using (MeteredTally tally = await MeteredTally.OpenAsync(directory.Options()))
        {
            alignment = tally.DurableStatus.Log.Alignment;
            for (int i = 1; i <= 4; i++)
            {
                await tally.AddAsync(i);
            }
        }

        // Damage the second frame's payload in the secondary copy only.
        string segment = Path.Combine(directory.Path, "secondary", "wal-000000000001.seg");
        await using (var stream = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = (2 * alignment) + 70;
            int value = stream.ReadByte();
            stream.Position = (2 * alignment) + 70;
            stream.WriteByte((byte)(value ^ 0xFF));
        }

        using var metrics = new MetricsRecorder(StateType);
        var logger = new RecordingLogger();
        var texts = new List<string>();
        await using (MeteredTally reopened = await MeteredTally.OpenAsync(directory.Options(o =>
        {
            o.Logger = logger;
            o.Log.OnMessage = texts.Add;
        })))
        {
            Assert.Equal(10, reopened.Total);
        }

        Assert.True(metrics.Sum("durably.log.repairs") >= 1);
        RecordingLogger.Event repaired = Assert.Single(logger.Events, e => e.Id.Id == 1003);
        Assert.Equal(LogLevel.Warning, repaired.Level);
        Assert.Contains("secondary", repaired.Text, StringComparison.Ordinal);
        Assert.Contains(texts, t => t.StartsWith("Recovery: ", StringComparison.Ordinal)); // the text callback still gets it
    }

    [Fact]
    public async Task A_write_fault_and_a_failed_read_back_are_counted_and_logged_as_critical()
    {
        using var metrics = new MetricsRecorder(StateType);
        var logger = new RecordingLogger();

        var machine = new SimulatedMachine(seed: 21);
        MeteredTally tally = await MeteredTally.OpenAsync(machine.Options(o => o.Logger = logger));
        await tally.AddAsync(1);
        machine.Secondary.InjectFault(new SimulatedFault(SimulatedFaultKind.WriteError, persistent: true, pathContains: "/state/"));
        await Assert.ThrowsAsync<LogFaultedException>(async () => await tally.AddAsync(1));
        await tally.DisposeAsync();

        Assert.Equal(1, metrics.Sum("durably.log.faults"));
        RecordingLogger.Event faulted = Assert.Single(logger.Events, e => e.Id.Id == 1004);
        Assert.Equal(LogLevel.Critical, faulted.Level);
        Assert.Equal(StateType, faulted.Values["StateType"]);
        Assert.Empty(metrics.Values("durably.log.verify.failures"));

        // A write that lands elsewhere: fdatasync succeeds, the read-back shows the old bytes.
        machine.Secondary.ClearFaults();
        MeteredTally again = await MeteredTally.OpenAsync(machine.Options());
        machine.Primary.InjectFault(new SimulatedFault(SimulatedFaultKind.MisdirectedWrite, persistent: true, pathContains: "/state/"));
        await Assert.ThrowsAsync<LogFaultedException>(async () => await again.AddAsync(1));
        await again.DisposeAsync();

        Assert.Equal(1, metrics.Sum("durably.log.verify.failures"));
        Assert.Equal(2, metrics.Sum("durably.log.faults"));
    }
}
