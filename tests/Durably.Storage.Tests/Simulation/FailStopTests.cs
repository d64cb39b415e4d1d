using Durably.IO;
using Durably.Storage.Format;
using Durably.Testing;

namespace Durably.Storage.Tests.Simulation;

/// <summary>Any write-path failure faults the log: pending and later appends fail, nothing is retried, reopening recovers.</summary>
public sealed class FailStopTests
{
    private static readonly string Segment1 = SegmentFileName.For(1);

    [Theory]
    [InlineData(SimulatedFaultKind.WriteError, 0, Errno.EIO, "write", LogCopyOrdering.Parallel)]
    [InlineData(SimulatedFaultKind.WriteError, 1, Errno.EIO, "write", LogCopyOrdering.Sequential)]
    [InlineData(SimulatedFaultKind.SyncError, 1, Errno.EIO, "fdatasync", LogCopyOrdering.Parallel)]
    [InlineData(SimulatedFaultKind.SyncError, 0, Errno.EIO, "fdatasync", LogCopyOrdering.Sequential)]
    [InlineData(SimulatedFaultKind.NoSpace, 0, Errno.ENOSPC, "write", LogCopyOrdering.Parallel)]
    [InlineData(SimulatedFaultKind.ShortWrite, 1, 0, "short write", LogCopyOrdering.Parallel)]
    [InlineData(SimulatedFaultKind.MisdirectedWrite, 1, 0, "did not match", LogCopyOrdering.Parallel)]
    [InlineData(SimulatedFaultKind.ReadError, 0, Errno.EIO, "read-back", LogCopyOrdering.Parallel)]
    public async Task A_failure_on_the_commit_path_faults_the_log_and_nothing_is_retried(
        SimulatedFaultKind kind, int copy, int errno, string expectedText, LogCopyOrdering ordering)
    {
        var sim = new SimulatedLogFixture { Ordering = ordering };
        DurableLog log = sim.Open();
        for (int i = 1; i <= 3; i++)
        {
            Assert.Equal(i, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(i, 100)));
        }

        SimulatedDisk disk = copy == 0 ? sim.Primary : sim.Secondary;
        disk.InjectFault(new SimulatedFault(kind, pathContains: Segment1));
        ValueTask<long> first = log.AppendAsync(SimulatedLogFixture.Record(4, 100));
        ValueTask<long> second = log.AppendAsync(SimulatedLogFixture.Record(5, 100));
        SimulatedLogFixture.Pump(log);

        LogFaultedException pending = Assert.Throws<LogFaultedException>(() => SimulatedLogFixture.ResultOf(first));
        Assert.Contains("unknown", pending.Message, StringComparison.Ordinal);
        Assert.Contains(expectedText, pending.Message, StringComparison.Ordinal);
        Assert.Equal(copy == 0 ? "primary" : "secondary", pending.Copy);
        Assert.EndsWith(Segment1, pending.FilePath, StringComparison.Ordinal);
        Assert.Equal(4 * 512, pending.Offset); // frames 1..3 take one 512-byte block each
        Assert.Contains("offset 2048", pending.Message, StringComparison.Ordinal);
        Assert.Equal(errno, pending.Errno);
        Assert.Throws<LogFaultedException>(() => SimulatedLogFixture.ResultOf(second));

        long writes = sim.Primary.Writes + sim.Secondary.Writes;
        long syncs = sim.Primary.Syncs + sim.Secondary.Syncs;
        ValueTask<long> later = log.AppendAsync(SimulatedLogFixture.Record(6, 100));
        Assert.True(later.IsFaulted);
        LogFaultedException refused = Assert.Throws<LogFaultedException>(() => SimulatedLogFixture.ResultOf(later));
        Assert.Contains("unknown", refused.Message, StringComparison.Ordinal);
        SimulatedLogFixture.Pump(log);
        Assert.Equal(writes, sim.Primary.Writes + sim.Secondary.Writes);
        Assert.Equal(syncs, sim.Primary.Syncs + sim.Secondary.Syncs);
        Assert.True(log.Status.IsFaulted);
        Assert.Contains(expectedText, log.Status.FaultReason, StringComparison.Ordinal);
        Assert.Equal(3, log.LastSequence);
        await log.DisposeAsync();

        // Reopening recovers: 1..3 are there; 4 and 5 may or may not be, but if they are, intact.
        disk.ClearFaults();
        await using DurableLog reopened = sim.Open();
        List<LogRecord> records = [.. reopened.ReadFrom(1)];
        Assert.InRange(records.Count, 3, 5);
        foreach (LogRecord record in records)
        {
            Assert.Equal(SimulatedLogFixture.Record(record.Sequence, 100), record.Payload.ToArray());
        }

        long next = SimulatedLogFixture.AppendNow(reopened, SimulatedLogFixture.Record(99, 10));
        Assert.Equal(records.Count + 1, next);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_exception_thrown_by_the_engine_while_committing_faults_the_log_under_either_scheduling(bool manual)
    {
        var sim = new SimulatedLogFixture();
        DurableLog log = sim.Open(manual);
        var timeout = TimeSpan.FromSeconds(30);
        for (int i = 1; i <= 3; i++)
        {
            ValueTask<long> append = log.AppendAsync(SimulatedLogFixture.Record(i, 100));
            if (manual)
            {
                SimulatedLogFixture.Pump(log);
            }

            Assert.Equal(i, await append.AsTask().WaitAsync(timeout));
        }

        sim.Secondary.InjectFault(new SimulatedFault(SimulatedFaultKind.SubmitThrows, pathContains: Segment1));
        ValueTask<long> first = log.AppendAsync(SimulatedLogFixture.Record(4, 100));
        if (manual)
        {
            Assert.False(log.RunPendingWork()); // the commit failed: no progress to report
        }

        LogFaultedException pending = await Assert.ThrowsAsync<LogFaultedException>(() => first.AsTask().WaitAsync(timeout));
        Assert.Contains("InvalidOperationException", pending.Message, StringComparison.Ordinal);
        Assert.Contains("unknown", pending.Message, StringComparison.Ordinal);
        Assert.True(log.Status.IsFaulted);
        Assert.Equal(3, log.LastSequence);

        // Nothing more is written after the fault, whichever way the log is driven.
        long writes = sim.Primary.Writes + sim.Secondary.Writes;
        await Assert.ThrowsAsync<LogFaultedException>(() => log.AppendAsync(SimulatedLogFixture.Record(5, 100)).AsTask().WaitAsync(timeout));
        if (manual)
        {
            SimulatedLogFixture.Pump(log);
        }

        Assert.Equal(writes, sim.Primary.Writes + sim.Secondary.Writes);
        await log.DisposeAsync().AsTask().WaitAsync(timeout);
        Assert.DoesNotContain(sim.Messages, m => m.Contains("stay allocated", StringComparison.Ordinal));

        await using DurableLog reopened = sim.Open();
        Assert.Equal(3, reopened.LastSequence);
        Assert.Equal(4, SimulatedLogFixture.AppendNow(reopened, SimulatedLogFixture.Record(4, 100)));
    }

    [Fact]
    public async Task An_engine_failing_with_operations_in_flight_faults_the_log_and_its_buffers_are_not_freed()
    {
        var sim = new SimulatedLogFixture();
        DurableLog log = sim.Open(manual: false);
        var timeout = TimeSpan.FromSeconds(30);
        for (int i = 1; i <= 3; i++)
        {
            Assert.Equal(i, await log.AppendAsync(SimulatedLogFixture.Record(i, 100)).AsTask().WaitAsync(timeout));
        }

        sim.Secondary.InjectFault(new SimulatedFault(SimulatedFaultKind.WaitThrows, pathContains: Segment1));
        LogFaultedException pending = await Assert.ThrowsAsync<LogFaultedException>(
            () => log.AppendAsync(SimulatedLogFixture.Record(4, 100)).AsTask().WaitAsync(timeout));
        Assert.Contains("unknown", pending.Message, StringComparison.Ordinal);
        Assert.Contains("stay in flight", pending.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LogFaultedException>(() => log.AppendAsync(SimulatedLogFixture.Record(5, 100)).AsTask().WaitAsync(timeout));

        // The kernel may still read or write the frame buffers: closing leaves them allocated, and says so.
        await log.DisposeAsync().AsTask().WaitAsync(timeout);
        Assert.Contains(sim.Messages, m => m.Contains("operations in flight", StringComparison.Ordinal) && m.Contains("stay allocated", StringComparison.Ordinal));

        // Record 4's outcome is unknown (the simulated writes ran); either way the log reopens intact.
        await using DurableLog reopened = sim.Open();
        Assert.InRange(reopened.LastSequence, 3, 4);
        List<LogRecord> records = [.. reopened.ReadFrom(1)];
        Assert.All(records, r => Assert.Equal(SimulatedLogFixture.Record(r.Sequence, 100), r.Payload.ToArray()));
        Assert.Equal(reopened.LastSequence + 1, SimulatedLogFixture.AppendNow(reopened, SimulatedLogFixture.Record(6, 100)));
    }

    [Fact]
    public async Task An_unexpected_exception_while_preallocating_a_segment_faults_the_log_and_dispose_completes()
    {
        var sim = new SimulatedLogFixture();
        DurableLog log = sim.Open(manual: false);
        var timeout = TimeSpan.FromSeconds(30);

        // The spare (segment 2) is made in the background after opening; the fault is for a later one.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (log.Status.SpareSegmentCount == 0 && waited.Elapsed < timeout)
        {
            await Task.Delay(5);
        }

        Assert.Equal(1, log.Status.SpareSegmentCount);
        sim.Primary.InjectFault(new SimulatedFault(SimulatedFaultKind.CreateThrows, persistent: true));

        // 1 KiB frames in 16 KiB segments: segment 2 is soon taken, and the creation of segment 3
        // then throws on the preallocator's pool task.
        LogFaultedException? fault = null;
        long acknowledged = 0;
        for (int i = 1; i <= 60 && fault is null; i++)
        {
            try
            {
                acknowledged = await log.AppendAsync(SimulatedLogFixture.Record(i, 700)).AsTask().WaitAsync(timeout);
            }
            catch (LogFaultedException e)
            {
                fault = e;
            }
        }

        Assert.NotNull(fault);
        Assert.Contains("InvalidOperationException", fault.Message, StringComparison.Ordinal);
        Assert.True(log.Status.IsFaulted);
        await Assert.ThrowsAsync<LogFaultedException>(() => log.AppendAsync(SimulatedLogFixture.Record(99, 10)).AsTask().WaitAsync(timeout));
        await log.DisposeAsync().AsTask().WaitAsync(timeout);

        // Dispose released the locks: the log reopens, with every acknowledged record.
        Assert.True(acknowledged >= 1, "the fault came before segment 2 was taken");
        sim.Primary.ClearFaults();
        await using DurableLog reopened = sim.Open();
        Assert.True(reopened.LastSequence >= acknowledged);
    }

    [Fact]
    public void A_fault_while_creating_a_segment_faults_the_log()
    {
        var sim = new SimulatedLogFixture();
        DurableLog log = sim.Open();
        SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(1, 10));
        Assert.Equal(1, log.Status.SpareSegmentCount);

        // The next spare (segment 3) is created when segment 2 becomes active.
        sim.Secondary.InjectFault(new SimulatedFault(SimulatedFaultKind.WriteError, pathContains: SegmentFileName.For(3)));
        for (int i = 2; i < 60 && !log.Status.IsFaulted; i++)
        {
            ValueTask<long> append = log.AppendAsync(SimulatedLogFixture.Record(i, 1000));
            SimulatedLogFixture.Pump(log);
            if (!log.Status.IsFaulted)
            {
                Assert.Equal(i, SimulatedLogFixture.ResultOf(append));
            }
        }

        Assert.True(log.Status.IsFaulted);
        Assert.Contains("Creating segment 3", log.Status.FaultReason, StringComparison.Ordinal);
        Assert.Throws<LogFaultedException>(() => SimulatedLogFixture.ResultOf(log.AppendAsync(new byte[1])));
    }
}
