using Durably.Storage.Format;
using Durably.Testing;

namespace Durably.Storage.Tests.Simulation;

/// <summary>
/// ENOSPC while zero-filling a segment whose space fallocate already reserved is the device
/// failing (a thin pool out of blocks, a failing drive), not a full file system: it is reported
/// as such, and a spare's creation failing that way faults the log instead of reporting it full.
/// </summary>
public sealed class ZeroFillFailureTests
{
    [Fact]
    public async Task ENOSPC_zero_filling_a_spare_after_fallocate_faults_the_log_and_is_not_reported_as_full()
    {
        var sim = new SimulatedLogFixture();
        await using DurableLog log = sim.Open();
        sim.Secondary.InjectFault(new SimulatedFault(SimulatedFaultKind.NoSpace, after: 1, pathContains: SegmentFileName.TemporaryFor(2)));
        ValueTask<long> append = log.AppendAsync(SimulatedLogFixture.Record(1, 100));
        SimulatedLogFixture.Pump(log);

        // The spare is made while the first append is framed; the fault fails it with an unknown outcome.
        LogFaultedException failed = await Assert.ThrowsAsync<LogFaultedException>(async () => await append);
        Assert.Contains("the file system is not full", failed.Message, StringComparison.Ordinal);

        Assert.True(log.Status.IsFaulted, "the spare's failed creation must fault the log");
        Assert.False(log.Status.IsFull);
        Assert.Contains("ENOSPC", log.Status.FaultReason, StringComparison.Ordinal);
        Assert.Contains("fallocate had already reserved", log.Status.FaultReason, StringComparison.Ordinal);
        Assert.Contains("not full", log.Status.FaultReason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LogFaultedException>(async () => await log.AppendAsync(SimulatedLogFixture.Record(2, 100)));
    }

    [Fact]
    public async Task ENOSPC_zero_filling_the_first_segment_of_a_new_log_is_a_typed_error_saying_the_device_refused()
    {
        var sim = new SimulatedLogFixture();
        sim.Primary.InjectFault(new SimulatedFault(SimulatedFaultKind.NoSpace, after: 1, pathContains: SegmentFileName.TemporaryFor(1)));

        LogIoException error = await Assert.ThrowsAsync<LogIoException>(async () => await DurableLog.OpenAsync(sim.Options()));
        Assert.Equal(("ENOSPC", "primary"), (error.ErrnoName, error.Copy));
        Assert.Contains("the device refused the write, the file system is not full", error.Message, StringComparison.Ordinal);

        // Nothing half-made stays behind: the next open creates the log.
        sim.Primary.ClearFaults();
        await using DurableLog log = sim.Open();
        Assert.Equal(1, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(1, 100)));
    }
}
