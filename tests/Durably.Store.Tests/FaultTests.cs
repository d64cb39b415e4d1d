using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;
using Durably.Testing;

namespace Durably.Store.Tests;

/// <summary>
/// Fail-stop and disk-full on the real log over the simulated disks: after a write fails every
/// call fails with the log's outcome-unknown exception and reopening recovers; when no segment
/// can be reserved, operations are refused before they are sequenced and the store stays readable.
/// </summary>
public sealed class FaultTests
{
    [Fact]
    public async Task After_a_log_fault_every_call_fails_as_outcome_unknown_and_reopening_recovers()
    {
        var machine = new SimulatedMachine(seed: 11);
        Journal journal = await Journal.OpenAsync(machine.Options());
        for (int i = 0; i < 10; i++)
        {
            await journal.AppendAsync(0);
        }

        machine.Secondary.InjectFault(new SimulatedFault(SimulatedFaultKind.WriteError, persistent: true, pathContains: "/state/"));
        await Assert.ThrowsAsync<LogFaultedException>(async () => await journal.AppendAsync(0));
        await Assert.ThrowsAsync<LogFaultedException>(async () => await journal.AppendAsync(0));
        Task<long>[] concurrent = [.. Enumerable.Range(0, 20).Select(i => journal.AppendAsync(i).AsTask())];
        foreach (Task<long> call in concurrent)
        {
            await Assert.ThrowsAsync<LogFaultedException>(() => call);
        }

        DurableStoreStatus status = journal.DurableStatus;
        Assert.True(status.IsFaulted);
        Assert.True(status.Log.IsFaulted);
        Assert.Equal(10, status.LastAppliedSequence);
        Assert.Equal(10, journal.Read(j => j.Count));
        await journal.DisposeAsync();

        machine.Secondary.ClearFaults();
        await using Journal reopened = await Journal.OpenAsync(machine.Options());
        Assert.InRange(reopened.Read(j => j.Count), 10, 11);
        Assert.Equal(reopened.Read(j => j.Count) + 1, await reopened.AppendAsync(0));
    }

    [Fact]
    public async Task When_no_segment_can_be_reserved_operations_are_refused_and_the_state_stays_readable()
    {
        // Room for a few 1 MiB segments per disk, then the file system is full.
        var machine = new SimulatedMachine(seed: 12, capacity: 5L << 20);
        Journal journal = await Journal.OpenAsync(machine.Options(o => o.Log.SpaceRetryInterval = TimeSpan.FromMilliseconds(20)));

        string note = new('x', 16 * 1024);
        long acknowledged = 0;
        LogFullException? refused = null;
        for (int i = 0; i < 2000 && refused is null; i++)
        {
            try
            {
                acknowledged = await journal.NoteAsync(note);
            }
            catch (LogFullException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.True(acknowledged > 10);
        DurableStoreStatus status = journal.DurableStatus;
        Assert.False(status.IsFaulted);
        Assert.True(status.Log.IsFull);
        Assert.Equal(acknowledged, status.LastAppliedSequence);

        // Refused again, before sequencing, and reads still work.
        await Assert.ThrowsAsync<LogFullException>(async () => await journal.NoteAsync(note));
        Assert.Equal(acknowledged, journal.DurableStatus.LastAppliedSequence);
        Assert.Equal(0, journal.Read(j => j.Count));
        await journal.DisposeAsync();

        await using Journal reopened = await Journal.OpenAsync(machine.Options());
        Assert.Equal(acknowledged, reopened.DurableStatus.LastAppliedSequence);
    }
}
