namespace Durably.Storage.Tests.Simulation;

/// <summary>
/// <see cref="LogOptions.OpenWithDataSync"/> off: the segments are opened without O_DSYNC, so a
/// frame's write lands in the disk's volatile cache and only the fdatasync chained to it makes it
/// durable. Acknowledged records must survive a crash at every operation all the same: an
/// acknowledgement given before both copies' fdatasyncs completed is lost here, where with O_DSYNC
/// on the write itself would have hidden it.
/// </summary>
public sealed class FdatasyncAloneTests
{
    private const int RecordLength = 100;

    [Fact]
    public void Segments_are_opened_without_O_DSYNC_and_every_frame_write_is_chained_to_an_fdatasync()
    {
        var sim = new SimulatedLogFixture { DataSync = false };
        DurableLog log = sim.Open();
        Assert.All(log.Status.Copies, c => Assert.False(c.DataSync));
        Assert.All(log.Status.Copies, c => Assert.True(c.FdatasyncAfterWrite));

        // The first append also lets the log make its spare segment (files and directories synced).
        Assert.Equal(1, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(1, RecordLength)));
        for (int i = 2; i <= 10; i++)
        {
            long syncsBefore = sim.Primary.Syncs + sim.Secondary.Syncs;
            Assert.Equal(i, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(i, RecordLength)));
            Assert.Equal(syncsBefore + 2, sim.Primary.Syncs + sim.Secondary.Syncs);
        }

        SimulatedLogFixture.AssertRecords(log, 10, RecordLength);
    }

    [Theory]
    [InlineData(LogCopyOrdering.Parallel)]
    [InlineData(LogCopyOrdering.Sequential)]
    public void Every_acknowledged_record_survives_a_crash_at_any_operation(LogCopyOrdering ordering) =>
        CrashAtEveryOperation.AssertNoAcknowledgedRecordIsLost(seed => new SimulatedLogFixture(seed) { DataSync = false, Ordering = ordering });
}
