using Durably.Storage.Tests.Campaign;

namespace Durably.Storage.Tests.Simulation;

/// <summary>
/// The real log thread and background preallocation under concurrent appenders, with the
/// machine crashing at a random moment. Thread timing varies between runs; the seed fixes the
/// workload and the crash model, and the invariants are checked whatever the timing.
/// </summary>
public sealed class ThreadedCrashTests
{
    [Fact]
    public async Task Concurrent_appenders_lose_no_acknowledged_record_when_the_machine_crashes()
    {
        for (int seed = 0; seed < 60; seed++)
        {
            await RunSeed(seed);
        }
    }

    private static async Task RunSeed(int seed)
    {
        var random = new Random(seed);
        var sim = new SimulatedLogFixture(seed) { SegmentSize = 8 * 1024 };
        var model = new CampaignModel();
        for (int round = 0; round < 3; round++)
        {
            DurableLog log = sim.Open(manual: false);
            lock (model)
            {
                model.VerifyRecovered(log);
            }

            int crashAfter = random.Next(1, 120);
            int acknowledged = 0;
            int appenders = random.Next(2, 12);
            var work = new List<Task>();
            for (int a = 0; a < appenders; a++)
            {
                int count = random.Next(5, 40);
                var records = new List<byte[]>();
                lock (model)
                {
                    for (int i = 0; i < count; i++)
                    {
                        records.Add(model.NewRecord(random, random.Next(8, 600)));
                    }
                }

                int appender = a;
                work.Add(Task.Run(async () =>
                {
                    foreach (byte[] record in records)
                    {
                        lock (model)
                        {
                            model.Attempted(record, appender);
                        }

                        try
                        {
                            long sequence = await log.AppendAsync(record);
                            lock (model)
                            {
                                model.Acknowledge(sequence, record);
                            }

                            if (Interlocked.Increment(ref acknowledged) == crashAfter)
                            {
                                sim.Storage.Crash();
                            }
                        }
                        catch (LogFaultedException e) when (e.Message.Contains("This record was not written", StringComparison.Ordinal))
                        {
                            lock (model)
                            {
                                model.NotAccepted(record);
                            }
                        }
                        catch (LogFaultedException)
                        {
                            lock (model)
                            {
                                model.OutcomeUnknown();
                            }
                        }
                    }
                }));
            }

            await Task.WhenAll(work);
            await log.DisposeAsync();
        }

        DurableLog final = sim.Open(manual: false);
        model.VerifyRecovered(final);
        Assert.True(model.AcknowledgedCount > 0);
        await final.DisposeAsync();
    }
}
