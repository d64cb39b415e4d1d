namespace Durably.Storage.Tests.Simulation;

/// <summary>
/// <see cref="LogOptions.FdatasyncAfterWrite"/> off: a frame is one O_DSYNC write per copy (and its
/// read-back), durable when the write completes, with no fdatasync. Acknowledged records must
/// survive a crash at every operation all the same; with O_DSYNC off as well nothing would make
/// a frame durable, so that combination is refused.
/// </summary>
public sealed class DataSyncWriteTests
{
    private const int RecordLength = 100;

    [Fact]
    public async Task Frames_are_written_without_any_fdatasync_and_read_back()
    {
        var sim = new SimulatedLogFixture { SyncAfterWrite = false };
        await using DurableLog log = sim.Open();
        Assert.All(log.Status.Copies, c => Assert.False(c.FdatasyncAfterWrite));
        Assert.All(log.Status.Copies, c => Assert.True(c.DataSync));

        // The first append also lets the log make its spare segment (files and directories synced).
        Assert.Equal(1, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(1, RecordLength)));
        long syncsBefore = sim.Primary.Syncs + sim.Secondary.Syncs;
        long writesBefore = sim.Primary.Writes + sim.Secondary.Writes;
        for (int i = 2; i <= 20; i++)
        {
            Assert.Equal(i, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(i, RecordLength)));
        }

        Assert.Equal(syncsBefore, sim.Primary.Syncs + sim.Secondary.Syncs);
        Assert.Equal(writesBefore + 38, sim.Primary.Writes + sim.Secondary.Writes);
        SimulatedLogFixture.AssertRecords(log, 20, RecordLength);
    }

    [Fact]
    public void The_default_chains_an_fdatasync_to_every_frame_write()
    {
        var sim = new SimulatedLogFixture();
        DurableLog log = sim.Open();
        Assert.All(log.Status.Copies, c => Assert.True(c.FdatasyncAfterWrite));
        Assert.Equal(1, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(1, RecordLength)));
        long syncsBefore = sim.Primary.Syncs + sim.Secondary.Syncs;
        Assert.Equal(2, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(2, RecordLength)));
        Assert.Equal(syncsBefore + 2, sim.Primary.Syncs + sim.Secondary.Syncs);
    }

    [Theory]
    [InlineData(LogCopyOrdering.Parallel)]
    [InlineData(LogCopyOrdering.Sequential)]
    public void Every_acknowledged_record_survives_a_crash_at_any_operation(LogCopyOrdering ordering) =>
        CrashAtEveryOperation.AssertNoAcknowledgedRecordIsLost(seed => new SimulatedLogFixture(seed) { SyncAfterWrite = false, Ordering = ordering });

    [Fact]
    public void Turning_off_both_O_DSYNC_and_fdatasync_is_refused_before_anything_is_written()
    {
        var sim = new SimulatedLogFixture { SyncAfterWrite = false };
        LogOptions options = sim.Options();
        options.OpenWithDataSync = false;
        LogConfigurationException refused = Assert.Throws<LogConfigurationException>(() => DurableLog.OpenAsync(options).AsTask().GetAwaiter().GetResult());
        Assert.Contains("nothing would make a frame durable", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(sim.Storage.ListFiles(SimulatedLogFixture.PrimaryDirectory), n => n.EndsWith(".seg", StringComparison.Ordinal));
    }
}
