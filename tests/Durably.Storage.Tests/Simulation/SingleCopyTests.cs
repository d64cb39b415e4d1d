using Durably.Storage.Tests.Campaign;
using Durably.Testing;

namespace Durably.Storage.Tests.Simulation;

/// <summary>A log kept in one copy only (an explicit opt-out) still survives crashes; it just cannot repair.</summary>
public sealed class SingleCopyTests
{
    [Fact]
    public async Task A_single_copy_log_keeps_acknowledged_records_across_crashes_and_refuses_inner_damage()
    {
        for (int seed = 0; seed < 40; seed++)
        {
            var storage = new SimulatedStorage(seed);
            storage.AddDisk("/disk");
            var random = new Random(seed);
            var model = new CampaignModel();
            for (int round = 0; round < 4; round++)
            {
                DurableLog log = await DurableLog.OpenAsync(Options(storage));
                model.VerifyRecovered(log);
                Assert.Single(log.Status.Copies);
                storage.ScheduleCrash(random.Next(1, 60));
                for (int i = 0; i < 30 && storage.CrashCount == round; i++)
                {
                    byte[] record = model.NewRecord(random, random.Next(8, 900));
                    model.Attempted(record);
                    ValueTask<long> append = log.AppendAsync(record);
                    SimulatedLogFixture.Pump(log);
                    try
                    {
                        model.Acknowledge(SimulatedLogFixture.ResultOf(append), record);
                    }
                    catch (LogFaultedException)
                    {
                        model.OutcomeUnknown();
                    }
                }

                if (storage.CrashCount == round)
                {
                    storage.Crash();
                }

                await log.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Damage_before_the_last_frame_of_a_single_copy_is_refused()
    {
        var storage = new SimulatedStorage(3);
        SimulatedDisk disk = storage.AddDisk("/disk");
        await using (DurableLog log = await DurableLog.OpenAsync(Options(storage)))
        {
            for (int i = 1; i <= 4; i++)
            {
                SimulatedLogFixture.AppendNow(log, new byte[100]);
            }
        }

        disk.FlipBit("/disk/log/" + Durably.Storage.Format.SegmentFileName.For(1), 1024 + 70, 1);
        LogCorruptException error = await Assert.ThrowsAsync<LogCorruptException>(async () => await DurableLog.OpenAsync(Options(storage)));
        Assert.Equal(2, error.Sequence);
        Assert.Single(error.Locations);
    }

    private static LogOptions Options(SimulatedStorage storage) => new()
    {
        PrimaryDirectory = "/disk/log",
        SingleCopy = true,
        SegmentSize = 8 * 1024,
        Alignment = 512,
        CustomEngine = storage.CreateEngine(),
        SpaceRetryInterval = TimeSpan.Zero,
        ManualScheduling = true,
    };
}
