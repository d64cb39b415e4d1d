using System.Reflection;
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
        var disposal = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        Counter? opened = null;
        int armed = 0;
        Counter counter = await Counter.OpenAsync(machine.Options(options => options.BeforeApplyThreadIdles = () =>
        {
            // The first idle look after the operation was applied and completed: nothing is in
            // flight any more, so disposing signals the apply thread to stop there and then.
            if (Volatile.Read(ref armed) == 1 && Volatile.Read(ref opened) is { Value: 1 } state && Interlocked.Exchange(ref armed, 0) == 1)
            {
                // Let any late wake-up land first, so that only the stop signal can wake the apply thread.
                Thread.Sleep(100);
                disposal.SetResult(state.DisposeAsync().AsTask());
            }
        }));
        Volatile.Write(ref opened, counter);
        DurableStore<Counter> store = SnapshotAccess.Store(counter);
        Volatile.Write(ref armed, 1);

        // A read holds the state while the operation becomes durable, so its commit cannot be applied
        // where it completes and goes to the apply thread, which then looks for more work. The read
        // lasts until the apply thread waits for the write lock: the commit has been handed over.
        var stateLock = (ReaderWriterLockSlim)typeof(DurableStore<Counter>).GetField("_stateLock", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(store)!;
#pragma warning disable DS0015 // The read only holds the lock; what it returns is the operation's pending result, not durable state.
        ValueTask<long> next = store.Read(_ =>
        {
            ValueTask<long> call = counter.NextAsync(1);
            Assert.True(SpinWait.SpinUntil(() => stateLock.WaitingWriteCount > 0, TimeSpan.FromSeconds(10)), "the commit did not reach the apply thread");
            return call;
        });
#pragma warning restore DS0015

        Assert.Equal(1, await next);
        Task disposed = await disposal.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Task first = await Task.WhenAny(disposed, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(first == disposed, "DisposeAsync did not complete: the apply thread slept through the stop signal");
        await disposed;
    }
}
