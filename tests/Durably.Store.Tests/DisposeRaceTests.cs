using Durably.Runtime;
using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;

namespace Durably.Store.Tests;

/// <summary>
/// Disposing tells the apply thread to stop (a flag and a wake-up) once every operation in flight
/// has completed. The apply thread must not sleep through that wake-up, however it falls against
/// the apply thread's own look for work: here it comes just after the apply thread has seen that
/// it should not stop, and before it sleeps.
/// </summary>
public sealed class DisposeRaceTests
{
    [Fact]
    public async Task A_stop_signal_after_the_apply_thread_looked_for_work_is_not_lost()
    {
        var machine = new SimulatedMachine(seed: 3);
        Counter counter = await Counter.OpenAsync(machine.Options());
        DurableStore<Counter> store = SnapshotAccess.Store(counter);
        var disposal = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.BeforeIdleForTests = () =>
        {
            // The first idle look after the operation was applied and completed: nothing is in
            // flight any more, so disposing signals the apply thread to stop there and then.
            if (counter.Value == 1 && !disposal.Task.IsCompleted)
            {
                store.BeforeIdleForTests = null;

                // Let a late wake-up for the operation's append (a thread-pool hand-off) land
                // first, so that only the stop signal can wake the apply thread.
                Thread.Sleep(200);
                disposal.SetResult(counter.DisposeAsync().AsTask());
            }
        };

        Assert.Equal(1, await counter.NextAsync(1));
        Task disposed = await disposal.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Task first = await Task.WhenAny(disposed, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(first == disposed, "DisposeAsync did not complete: the apply thread slept through the stop signal");
        await disposed;
    }
}
