using Durably.Storage;
using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;

namespace Durably.Store.Tests;

/// <summary>
/// Fail-stop and disk-full on the real log with injected faults: after a write fails every call
/// fails with the log's outcome-unknown exception and reopening recovers; when no segment can be
/// reserved, operations are refused before they are sequenced and the store stays readable.
/// </summary>
public sealed class FaultTests
{
    [Fact]
    public async Task After_a_log_fault_every_call_fails_as_outcome_unknown_and_reopening_recovers()
    {
        using var directory = new TemporaryDirectory();
        var engine = new FaultInjectingEngine();
        Counter counter = await Counter.OpenAsync(directory.Options(o => o.Log.CustomEngine = engine));
        for (int i = 0; i < 10; i++)
        {
            await counter.NextAsync(0);
        }

        engine.FailWrites = true;
        await Assert.ThrowsAsync<LogFaultedException>(async () => await counter.NextAsync(0));
        await Assert.ThrowsAsync<LogFaultedException>(async () => await counter.NextAsync(0));
        Task<long>[] concurrent = [.. Enumerable.Range(0, 20).Select(i => counter.NextAsync(i).AsTask())];
        foreach (Task<long> call in concurrent)
        {
            await Assert.ThrowsAsync<LogFaultedException>(() => call);
        }

        DurableStoreStatus status = counter.DurableStatus;
        Assert.True(status.IsFaulted);
        Assert.True(status.Log.IsFaulted);
        Assert.Equal(10, status.LastAppliedSequence);
        Assert.Equal(10, counter.Read(c => c.Value));
        await counter.DisposeAsync();

        await using Counter reopened = await Counter.OpenAsync(directory.Options());
        Assert.Equal(10, reopened.Read(c => c.Value));
        Assert.Equal(11, await reopened.NextAsync(0));
    }

    [Fact]
    public async Task When_no_segment_can_be_reserved_operations_are_refused_and_the_state_stays_readable()
    {
        using var directory = new TemporaryDirectory();
        var engine = new FaultInjectingEngine();
        await using Warehouse warehouse = await Warehouse.OpenAsync(directory.Options(o =>
        {
            o.Log.CustomEngine = engine;
            o.Log.SpaceRetryInterval = TimeSpan.FromMilliseconds(50);
        }));

        engine.DiskFull = true;
        string note = new('x', 16 * 1024);
        long acknowledged = 0;
        LogFullException? refused = null;
        for (int i = 0; i < 1000 && refused is null; i++)
        {
            try
            {
                await warehouse.NoteAsync([note]);
                acknowledged++;
            }
            catch (LogFullException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.True(acknowledged > 0);
        Assert.False(warehouse.DurableStatus.IsFaulted);
        Assert.Equal(acknowledged, warehouse.DurableStatus.LastAppliedSequence);

        // Space comes back: operations are accepted again.
        engine.DiskFull = false;
        await Task.Delay(100);
        int count = 0;
        for (int attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                count = await warehouse.NoteAsync(["after"]);
                break;
            }
            catch (LogFullException)
            {
                await Task.Delay(50);
            }
        }

        Assert.True(count > 0);
        Assert.Equal(acknowledged + 1, warehouse.DurableStatus.LastAppliedSequence);
    }
}
