using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Durably.Storage.Tests.Simulation;

/// <summary>
/// An append's completion is pooled and reused, so the log must not hand it to a new append while
/// the previous one is still being completed. Callers here take results in every way a
/// <see cref="ValueTask{TResult}"/> allows, as fast as the real log thread completes them (the
/// simulated disk has no latency): awaiting; polling <c>IsCompleted</c> and then taking the
/// result; and, as the store's apply thread does, asking to be woken and taking the result as
/// soon as it is seen complete, before the wake-up has run. A completion recycled too early shows
/// as a wrong or repeated sequence number, an exception from the completion itself, or a
/// wake-up run with another caller's state (which kills the process).
/// </summary>
public sealed class AppendCompletionRaceTests
{
    private const int AppendsPerCaller = 15_000;

    [Fact]
    public async Task Every_caller_gets_its_own_sequence_number_whichever_way_it_takes_the_result()
    {
        var sim = new SimulatedLogFixture(seed: 7) { SegmentSize = 4L << 20, Verify = false };
        DurableLog log = sim.Open(manual: false);
        var owners = new ConcurrentDictionary<long, int>();
        long wakeUps = 0;
        var callers = new List<Task>();
        for (int caller = 0; caller < 6; caller++)
        {
            int me = caller;
            callers.Add((me % 3) switch
            {
                0 => Task.Run(async () =>
                {
                    for (int i = 0; i < AppendsPerCaller; i++)
                    {
                        Claim(owners, await log.AppendAsync(RecordOf(me, i)), me);
                    }
                }),
                1 => Task.Run(() =>
                {
                    for (int i = 0; i < AppendsPerCaller; i++)
                    {
                        ValueTask<long> append = log.AppendAsync(RecordOf(me, i));
                        var spin = default(SpinWait);
                        while (!append.IsCompleted)
                        {
                            spin.SpinOnce();
                        }

                        Claim(owners, append.Result, me);
                    }
                }),
                _ => Task.Run(() =>
                {
                    Action wake = () => Interlocked.Increment(ref wakeUps);
                    for (int i = 0; i < AppendsPerCaller; i++)
                    {
                        ValueTask<long> append = log.AppendAsync(RecordOf(me, i));
                        ConfiguredValueTaskAwaitable<long>.ConfiguredValueTaskAwaiter awaiter = append.ConfigureAwait(false).GetAwaiter();
                        if (awaiter.IsCompleted)
                        {
                            Claim(owners, awaiter.GetResult(), me);
                            continue;
                        }

                        awaiter.UnsafeOnCompleted(wake);
                        var spin = default(SpinWait);
                        while (!append.IsCompleted)
                        {
                            spin.SpinOnce();
                        }

                        Claim(owners, awaiter.GetResult(), me);
                    }
                }),
            });
        }

        await Task.WhenAll(callers);
        Assert.Equal(6 * AppendsPerCaller, owners.Count);
        Assert.Equal(6L * AppendsPerCaller, log.LastSequence);

        // Every sequence number holds the record of the caller it was given to, in each caller's order.
        var next = new int[6];
        foreach (LogRecord record in log.ReadFrom(1))
        {
            int caller = record.Payload.Span[0];
            int index = BitConverter.ToInt32(record.Payload.Span[1..]);
            Assert.Equal(owners[record.Sequence], caller);
            Assert.Equal(next[caller]++, index);
        }

        await log.DisposeAsync();
    }

    private static byte[] RecordOf(int caller, int index)
    {
        byte[] record = new byte[16];
        record[0] = (byte)caller;
        BitConverter.TryWriteBytes(record.AsSpan(1), index);
        return record;
    }

    private static void Claim(ConcurrentDictionary<long, int> owners, long sequence, int caller)
    {
        if (!owners.TryAdd(sequence, caller))
        {
            throw new InvalidOperationException($"sequence {sequence} was given to caller {caller} and to caller {owners[sequence]}");
        }
    }
}
