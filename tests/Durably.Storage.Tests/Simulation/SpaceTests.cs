namespace Durably.Storage.Tests.Simulation;

/// <summary>A full disk is refused up front: before sequencing, with accepted appends completing and the log staying usable.</summary>
public sealed class SpaceTests
{
    private const int SegmentSize = 16 * 1024;

    [Fact]
    public async Task Appends_are_refused_before_sequencing_when_no_segment_can_be_reserved_and_resume_after_space_is_freed()
    {
        var sim = new SimulatedLogFixture();
        // Room for the lock file, segment 1 and spare segment 2 only.
        sim.Secondary.Capacity = 512 + (2 * SegmentSize) + 1024;
        await using DurableLog log = sim.Open();

        var accepted = new List<long>();
        LogFullException? refused = null;
        for (int i = 0; i < 200 && refused is null; i++)
        {
            ValueTask<long> append = log.AppendAsync(SimulatedLogFixture.Record(i, 900));
            SimulatedLogFixture.Pump(log);
            try
            {
                accepted.Add(SimulatedLogFixture.ResultOf(append));
            }
            catch (LogFullException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.Contains("refused before it was sequenced", refused.Message, StringComparison.Ordinal);
        Assert.Contains("ENOSPC", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, accepted.Count).Select(i => (long)i), accepted);
        Assert.True(accepted.Count > 15, "the first two segments should have been used");
        Assert.True(log.Status.IsFull);
        Assert.False(log.Status.IsFaulted);
        Assert.Contains("segment 3", log.Status.FullReason, StringComparison.Ordinal);
        Assert.Equal(accepted.Count, log.LastSequence);
        Assert.Equal(accepted.Count, log.ReadFrom(1).Count());

        // Freeing space lets the log continue with the next sequence number.
        sim.Secondary.Capacity = 1L << 30;
        long next = SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(1000, 900));
        Assert.Equal(accepted.Count + 1, next);
        Assert.False(log.Status.IsFull);
        for (int i = 0; i < 40; i++)
        {
            SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(2000 + i, 900));
        }

        Assert.Equal(accepted.Count + 41, log.LastSequence);
    }

    [Fact]
    public async Task Appends_already_sequenced_complete_when_the_disk_fills_and_only_the_rest_are_refused()
    {
        var sim = new SimulatedLogFixture();
        sim.Primary.Capacity = 512 + (2 * SegmentSize) + 1024;
        await using DurableLog log = sim.Open();
        SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(0, 10)); // creates the spare

        // A burst far larger than the two segments can take, issued before the log thread runs.
        var appends = new List<ValueTask<long>>();
        for (int i = 1; i <= 120; i++)
        {
#pragma warning disable CA2012 // Polled after pumping (manual scheduling) and consumed exactly once below.
            appends.Add(log.AppendAsync(SimulatedLogFixture.Record(i, 1200)));
#pragma warning restore CA2012
        }

        SimulatedLogFixture.Pump(log);
        var sequences = new List<long>();
        int full = 0;
        foreach (ValueTask<long> append in appends)
        {
            try
            {
                sequences.Add(SimulatedLogFixture.ResultOf(append));
            }
            catch (LogFullException)
            {
                full++;
            }
        }

        Assert.True(full > 0);
        Assert.Equal(120, sequences.Count + full);
        Assert.Equal(Enumerable.Range(2, sequences.Count).Select(i => (long)i), sequences);
        Assert.False(log.Status.IsFaulted);
        Assert.Equal(sequences.Count + 1, log.LastSequence);
        Assert.Equal(sequences.Count + 1, log.ReadFrom(1).Count());
    }

    [Fact]
    public async Task A_full_disk_on_the_log_thread_path_refuses_concurrent_appenders_without_faulting()
    {
        var sim = new SimulatedLogFixture();
        sim.Primary.Capacity = 512 + (3 * SegmentSize) + 1024;
        await using DurableLog log = sim.Open(manual: false);
        int ok = 0;
        int full = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (int i = 0; i < 60; i++)
            {
                try
                {
                    _ = await log.AppendAsync(SimulatedLogFixture.Record((t * 1000) + i, 700));
                    Interlocked.Increment(ref ok);
                }
                catch (LogFullException)
                {
                    Interlocked.Increment(ref full);
                }
            }
        })));

        Assert.True(full > 0);
        Assert.Equal(480, ok + full);
        Assert.False(log.Status.IsFaulted);
        Assert.Equal(ok, log.LastSequence);
        Assert.Equal(ok, log.ReadFrom(1).Count());
    }
}
