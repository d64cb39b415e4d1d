namespace Durably.Storage.Tests.Simulation;

/// <summary>
/// Crashes a log at its 1st, 2nd, 3rd … I/O operation (three seeds each, for the fate of the
/// unsynced writes) while twelve 100-byte records are appended one at a time, until the appends
/// finish before the crash point: after each crash every acknowledged record is recovered,
/// byte-identical, and some crash lost an append in flight (so the points fell inside frames).
/// </summary>
internal static class CrashAtEveryOperation
{
    private const int RecordLength = 100;

    /// <summary>Runs the crashes on the machines <paramref name="machine"/> makes for a seed.</summary>
    internal static void AssertNoAcknowledgedRecordIsLost(Func<int, SimulatedLogFixture> machine)
    {
        int lostInFlight = 0;
        for (long crashAt = 1; ; crashAt++)
        {
            for (int seed = 1; seed <= 3; seed++)
            {
                SimulatedLogFixture sim = machine(seed);
                DurableLog log = sim.Open();
                sim.Storage.ScheduleCrash(crashAt);
                int acknowledged = 0;
                int attempted = 0;
                for (int i = 1; i <= 12 && sim.Storage.CrashCount == 0; i++)
                {
                    attempted = i;
                    ValueTask<long> append = log.AppendAsync(SimulatedLogFixture.Record(i, RecordLength));
                    SimulatedLogFixture.Pump(log);
                    if (append.IsCompletedSuccessfully)
                    {
                        acknowledged = i;
                    }
                }

                if (sim.Storage.CrashCount == 0)
                {
                    Assert.True(crashAt > 20, "the appends finished before any crash point was tried");
                    Assert.True(lostInFlight > 0, "no crash ever lost an append in flight: the crash points never fell inside a frame's write");
                    return;
                }

                DurableLog recovered = sim.Open();
                List<LogRecord> records = [.. recovered.ReadFrom(1)];
                Assert.True(records.Count >= acknowledged, $"crash at {crashAt} (seed {seed}): {acknowledged} acknowledged, {records.Count} recovered");
                Assert.All(records, r => Assert.Equal(SimulatedLogFixture.Record(r.Sequence, RecordLength), r.Payload.ToArray()));
                if (records.Count < attempted)
                {
                    lostInFlight++;
                }
            }
        }
    }
}
