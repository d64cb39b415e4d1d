using System.Runtime.CompilerServices;

namespace Durably.Storage.Tests.Simulation;

/// <summary>
/// An append completes exactly once whatever the caller's context does: a SynchronizationContext
/// whose Post throws while the log schedules the caller's continuation neither faults the log nor
/// completes an already-succeeded append a second time; the log says what happened.
/// </summary>
public sealed class CallerContextTests
{
    [Fact]
    public async Task A_caller_context_that_throws_in_Post_leaves_every_append_completed_once_and_the_log_healthy()
    {
        var sim = new SimulatedLogFixture();
        await using DurableLog log = sim.Open();
        var appends = new List<ValueTask<long>>();
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new RefusingContext());
        try
        {
            for (int i = 1; i <= 3; i++)
            {
                // What an await does: register a continuation that captures the context, then take
                // the result once (here by ResultOf below, since the refusing context never runs the continuation).
#pragma warning disable CA2012 // registered here, consumed once by ResultOf: the continuation never runs
                ValueTask<long> append = log.AppendAsync(SimulatedLogFixture.Record(i, 100));
                ConfiguredValueTaskAwaitable<long>.ConfiguredValueTaskAwaiter awaiter = append.ConfigureAwait(true).GetAwaiter();
#pragma warning restore CA2012
                awaiter.OnCompleted(() => { });
                appends.Add(append);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        SimulatedLogFixture.Pump(log); // before the fix: the throw escaped into the writer, which failed the succeeded appends again
        Assert.Equal([1L, 2L, 3L], appends.Select(SimulatedLogFixture.ResultOf));
        Assert.False(log.Status.IsFaulted, log.Status.FaultReason);
        Assert.Contains(sim.Messages, m => m.Contains("append 1 completed, but the caller's synchronization context", StringComparison.Ordinal)
            && m.Contains(nameof(RefusingContext), StringComparison.Ordinal));
        Assert.Equal(4, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(4, 100)));
        Assert.Equal(4, log.ReadFrom(1).Count());
    }

    private sealed class RefusingContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) =>
            throw new InvalidOperationException(nameof(RefusingContext) + " refuses to run continuations");
    }
}
