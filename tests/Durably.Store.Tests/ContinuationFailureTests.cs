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

        // An operation that completed before its continuation could be registered gets none: try the next.
        ValueTask<long>? registered = null;
        int writer = 0;
        while (registered is null)
        {
            Assert.True(++writer <= 20, "every operation completed before its continuation could be registered");
            registered = AppendUnderRefusingContext(journal, writer);
        }

        long position = await ResultOnceCompleted(registered.Value);

        Assert.Equal(writer, position);
        Assert.Contains(messages, m => m.Contains($"Journal operation Append (sequence {position}) completed, but the caller's synchronization context", StringComparison.Ordinal)
            && m.Contains(nameof(RefusingContext), StringComparison.Ordinal));
        Assert.False(journal.DurableStatus.IsFaulted);
        Assert.Equal(position + 1, await journal.AppendAsync(99));
        Assert.Equal([.. Enumerable.Range(1, writer), 99], journal.Writers.ToArray());
    }

    [Fact]
    public async Task A_caller_context_that_throws_in_Post_for_an_operation_the_log_failed_is_reported_too()
    {
        // The injected write error fails the frame at once; when that beats the registration of the
        // continuation, the context is never asked: try again on a fresh machine.
        for (int attempt = 0; ; attempt++)
        {
            Assert.True(attempt < 20, "every failed operation completed before its continuation could be registered");
            var machine = new SimulatedMachine(seed: 42 + attempt);
            var messages = new ConcurrentQueue<string>();
            await using Journal journal = await Journal.OpenAsync(machine.Options(o => o.Log.OnMessage = messages.Enqueue));
            Assert.Equal(1, await journal.AppendAsync(1));
            machine.Secondary.InjectFault(new SimulatedFault(SimulatedFaultKind.WriteError, persistent: true, pathContains: "/state/"));
            if (AppendUnderRefusingContext(journal, 2) is not { } registered)
            {
                continue;
            }

            await Assert.ThrowsAsync<LogFaultedException>(() => ResultOnceCompleted(registered));

            // Failed, not applied, and said: the caller whose context refused is the one left waiting.
            Assert.Contains(messages, m => m.Contains("Journal operation Append (never made durable) completed, but the caller's synchronization context", StringComparison.Ordinal)
                && m.Contains(nameof(RefusingContext), StringComparison.Ordinal));
            Assert.Equal([1], journal.Writers.ToArray());
            return;
        }
    }

    /// <summary>
    /// With synchronous continuations, a continuation that takes its result and then throws on the
    /// store thread: taking the result hands the pooled operation back the moment the completing
    /// thread returns, so the report must name the operation as it was before (reading it afterwards
    /// found its record gone: a NullReferenceException that faulted the log, or ended the process
    /// when it happened on the apply thread).
    /// </summary>
    [Fact]
    public async Task With_synchronous_continuations_a_continuation_that_takes_its_result_then_throws_on_the_store_thread_is_reported_by_its_sequence_and_the_store_goes_on()
    {
        using var directory = new TemporaryDirectory();
        var messages = new ConcurrentQueue<string>();
        DurableOptions options = directory.Options(o =>
        {
            o.AllowSynchronousContinuations = true;
            o.Log.OnMessage = messages.Enqueue;
        });

        (long thrownAt, long next) = await Task.Run(async () =>
        {
            await using Journal journal = await Journal.OpenAsync(options);

            // A continuation registered after the operation already completed is queued to the thread
            // pool by .NET itself; it throws only where the store runs it, so try until one ran there.
            for (int i = 0; i < 50; i++)
            {
                var ran = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
#pragma warning disable CA2012 // consumed exactly once: by the continuation on a store thread, or below
                ValueTask<long> operation = journal.AppendAsync(i);
                operation.GetAwaiter().OnCompleted(() =>
                {
                    if (Thread.CurrentThread.Name?.StartsWith("Durably", StringComparison.Ordinal) != true)
                    {
                        ran.SetResult(0);
                        return;
                    }

                    ran.SetResult(operation.Result);
                    throw new InvalidOperationException("the caller's continuation throws");
                });
                long taken = await ran.Task.WaitAsync(Patience);
                if (taken == 0)
                {
                    _ = operation.Result;
                    continue;
                }
#pragma warning restore CA2012

                Assert.False(journal.DurableStatus.IsFaulted, journal.DurableStatus.Log.FaultReason);
                return (taken, await journal.AppendAsync(99));
            }

            throw new InvalidOperationException("no continuation of 50 ran on a store thread");
        }).WaitAsync(Patience);

        Assert.Contains(messages, m => ReportsTheThrow(m) && m.Contains($"(sequence {thrownAt})", StringComparison.Ordinal));
        Assert.Equal(thrownAt + 1, next);
    }

    private static bool ReportsTheThrow(string message) =>
        message.Contains("Journal operation Append (sequence ", StringComparison.Ordinal) && message.Contains("the caller's continuation throws", StringComparison.Ordinal);

    /// <summary>
    /// Appends and registers a continuation under <see cref="RefusingContext"/>, as an await there
    /// would; null when the operation had already completed, so that registering posted at once and
    /// the context threw right here instead of where the store completes operations.
    /// </summary>
    private static ValueTask<long>? AppendUnderRefusingContext(Journal journal, int writer)
    {
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new RefusingContext());
        ValueTask<long> operation = journal.AppendAsync(writer);
        try
        {
            operation.ConfigureAwait(true).GetAwaiter().OnCompleted(() => { });
            return operation;
        }
        catch (InvalidOperationException) when (operation.IsCompleted)
        {
            return null;
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
