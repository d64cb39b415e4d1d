using System.Collections.Concurrent;
using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;
using Durably.Testing;

namespace Durably.Store.Tests;

/// <summary>
/// An operation completes exactly once whatever its caller's continuation does: a
/// SynchronizationContext whose Post throws, or (with synchronous continuations) a continuation
/// that throws while it runs on the store's thread, leaves the operation applied and completed, the
/// store healthy, and a message saying which operation's continuation did not run to its end.
/// </summary>
public sealed class ContinuationFailureTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_caller_context_that_throws_in_Post_leaves_the_operation_applied_the_state_healthy_and_says_so()
    {
        var machine = new SimulatedMachine(seed: 41);
        var messages = new ConcurrentQueue<string>();
        await using Journal journal = await Journal.OpenAsync(machine.Options(o => o.Log.OnMessage = messages.Enqueue));

#pragma warning disable CA2012 // registered here, consumed once below: the refusing context never runs the continuation
        ValueTask<long> operation = AppendUnderRefusingContext(journal, 7);
        long position = await ResultOnceCompleted(operation);
#pragma warning restore CA2012

        Assert.Equal(1, position);
        Assert.Contains(messages, m => m.Contains("Journal operation Append (sequence 1) completed, but the caller's synchronization context", StringComparison.Ordinal)
            && m.Contains(nameof(RefusingContext), StringComparison.Ordinal));
        Assert.False(journal.DurableStatus.IsFaulted);
        Assert.Equal(2, await journal.AppendAsync(8));
        Assert.Equal([7, 8], journal.Writers.ToArray());
    }

    [Fact]
    public async Task A_caller_context_that_throws_in_Post_for_an_operation_the_log_failed_is_reported_too()
    {
        var machine = new SimulatedMachine(seed: 42);
        var messages = new ConcurrentQueue<string>();
        await using Journal journal = await Journal.OpenAsync(machine.Options(o => o.Log.OnMessage = messages.Enqueue));
        Assert.Equal(1, await journal.AppendAsync(1));
        machine.Secondary.InjectFault(new SimulatedFault(SimulatedFaultKind.WriteError, persistent: true, pathContains: "/state/"));

#pragma warning disable CA2012 // registered here, consumed once below: the refusing context never runs the continuation
        ValueTask<long> operation = AppendUnderRefusingContext(journal, 2);
        await Assert.ThrowsAsync<LogFaultedException>(() => ResultOnceCompleted(operation));
#pragma warning restore CA2012

        // Failed, not applied, and said: the caller whose context refused is the one left waiting.
        Assert.Contains(messages, m => m.Contains("Journal operation Append (never made durable) completed, but the caller's synchronization context", StringComparison.Ordinal)
            && m.Contains(nameof(RefusingContext), StringComparison.Ordinal));
        Assert.Equal([1], journal.Writers.ToArray());
    }

    [Fact]
    public async Task With_synchronous_continuations_a_continuation_that_throws_on_the_store_thread_is_reported_and_the_store_goes_on()
    {
        using var directory = new TemporaryDirectory();
        var messages = new ConcurrentQueue<string>();
        DurableOptions options = directory.Options(o =>
        {
            o.AllowSynchronousContinuations = true;
            o.Log.OnMessage = messages.Enqueue;
        });

        (long reported, long next) = await Task.Run(async () =>
        {
            await using Journal journal = await Journal.OpenAsync(options);

            // A continuation registered after the operation already completed is queued to the thread
            // pool by .NET itself; it throws only where the store runs it, so try until one ran there.
            for (int i = 0; i < 50 && !messages.Any(ReportsTheThrow); i++)
            {
#pragma warning disable CA2012 // registered here, consumed once by ResultOnceCompleted
                ValueTask<long> operation = journal.AppendAsync(i);
                operation.GetAwaiter().OnCompleted(() =>
                {
                    if (Thread.CurrentThread.Name?.StartsWith("Durably", StringComparison.Ordinal) == true)
                    {
                        throw new InvalidOperationException("the caller's continuation throws");
                    }
                });
                _ = await ResultOnceCompleted(operation);
#pragma warning restore CA2012
            }

            Assert.False(journal.DurableStatus.IsFaulted);
            return (journal.DurableStatus.LastAppliedSequence, await journal.AppendAsync(99));
        }).WaitAsync(Patience);

        Assert.Contains(messages, ReportsTheThrow);
        Assert.Equal(reported + 1, next);
    }

    private static bool ReportsTheThrow(string message) =>
        message.Contains("Journal operation Append (sequence ", StringComparison.Ordinal) && message.Contains("the caller's continuation throws", StringComparison.Ordinal);

    /// <summary>Appends and registers a continuation under <see cref="RefusingContext"/>, as an await there would.</summary>
    private static ValueTask<long> AppendUnderRefusingContext(Journal journal, int writer)
    {
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new RefusingContext());
        try
        {
            ValueTask<long> operation = journal.AppendAsync(writer);
            operation.ConfigureAwait(true).GetAwaiter().OnCompleted(() => { });
            return operation;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private static async Task<long> ResultOnceCompleted(ValueTask<long> operation)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!operation.IsCompleted)
        {
            await Task.Delay(5, timeout.Token);
        }

        return operation.Result;
    }

    private sealed class RefusingContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) =>
            throw new InvalidOperationException(nameof(RefusingContext) + " refuses to run continuations");
    }
}
