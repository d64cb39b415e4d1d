using Durably.Storage.Format;
using Durably.Testing;

namespace Durably.Storage.Tests.Simulation;

/// <summary>
/// Two frames in flight at once: the second is written while the first is still on its way, yet
/// appends are acknowledged strictly in sequence order, a failure in either fails both, and a
/// crash with both in flight recovers to a consistent prefix.
/// </summary>
public sealed class PipelinedWriterTests
{
    private const int Small = 100;

    // Two of these do not fit one frame (16 KiB segments: frames of at most 3,584 bytes), so two
    // appends made together become two frames, both submitted in one step.
    private const int Large = 2000;

    private static readonly string Segment1 = SegmentFileName.For(1);

    [Theory]
    [InlineData("Reversed")]
    [InlineData("InOrder")]
    [InlineData("Interleaved")]
    public async Task Frames_are_acknowledged_in_sequence_order_even_when_the_later_one_completes_first(string orderName)
    {
        var sim = new SimulatedLogFixture { CompletionOrder = Enum.Parse<SimulatedCompletionOrder>(orderName) };
        await using DurableLog log = sim.Open();
        Assert.Equal(1, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(1, Small)));

        ValueTask<long> first = log.AppendAsync(SimulatedLogFixture.Record(2, Large));
        ValueTask<long> second = log.AppendAsync(SimulatedLogFixture.Record(3, Large));
        Assert.True(log.RunPendingWork());

        // Both frames reached both disks in that one step (the second was submitted behind the first) ...
        long secondFrame = 512 + 512 + 2560;
        foreach (string directory in new[] { SimulatedLogFixture.PrimaryDirectory, SimulatedLogFixture.SecondaryDirectory })
        {
            byte[] segment = sim.Storage.ReadFile(SimulatedLogFixture.SegmentPath(directory, 1));
            FrameHeader header = FrameHeader.Read(segment.AsSpan((int)secondFrame, LogFormat.FrameHeaderSize));
            Assert.Equal(3, header.FirstSequence);
            Assert.Equal(1, header.FramesAhead);
        }

        // ... but only the oldest is acknowledged by the step that retires it; the later one waits its turn.
        Assert.Equal(2, SimulatedLogFixture.ResultOf(first));
        Assert.False(second.IsCompleted, "a later frame was acknowledged in the same step as the one before it");
        Assert.Equal(2, log.LastSequence);

        Assert.True(log.RunPendingWork());
        Assert.Equal(3, SimulatedLogFixture.ResultOf(second));
        Assert.Equal(3, log.LastSequence);
        Assert.Equal(3, log.Status.CommitCount);
    }

    [Theory]
    [InlineData("Reversed", 1)]
    [InlineData("InOrder", 0)]
    [InlineData("Interleaved", 0)]
    public async Task A_write_error_in_the_earlier_frame_fails_the_later_one_too_and_reopening_is_consistent(string orderName, int after)
    {
        var sim = new SimulatedLogFixture { CompletionOrder = Enum.Parse<SimulatedCompletionOrder>(orderName) };
        DurableLog log = sim.Open();
        Assert.Equal(1, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(1, Small)));

        // The primary's next write to the segment fails; 'after' skips the later frame's write when it runs first.
        sim.Primary.InjectFault(new SimulatedFault(SimulatedFaultKind.WriteError, after: after, pathContains: Segment1));
        ValueTask<long> first = log.AppendAsync(SimulatedLogFixture.Record(2, Large));
        ValueTask<long> second = log.AppendAsync(SimulatedLogFixture.Record(3, Large));
        SimulatedLogFixture.Pump(log);

        LogFaultedException failed = Assert.Throws<LogFaultedException>(() => SimulatedLogFixture.ResultOf(first));
        Assert.Contains("sequences 2..2", failed.Message, StringComparison.Ordinal);
        Assert.Contains("unknown", failed.Message, StringComparison.Ordinal);
        LogFaultedException later = Assert.Throws<LogFaultedException>(() => SimulatedLogFixture.ResultOf(second));
        Assert.Contains("unknown", later.Message, StringComparison.Ordinal);
        Assert.Equal(1, log.LastSequence);
        Assert.True(log.Status.IsFaulted);
        await log.DisposeAsync();

        // The later frame was written in full to both copies, the earlier one to the secondary only:
        // reopening takes the earlier one from the secondary, repairs the primary, and keeps both.
        sim.Primary.ClearFaults();
        await using DurableLog reopened = sim.Open();
        List<LogRecord> records = [.. reopened.ReadFrom(1)];
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Sequence));
        Assert.All(records, r => Assert.Equal(SimulatedLogFixture.Record(r.Sequence, r.Sequence == 1 ? Small : Large), r.Payload.ToArray()));
        Assert.Equal(4, SimulatedLogFixture.AppendNow(reopened, SimulatedLogFixture.Record(4, Small)));
    }

    [Theory]
    [InlineData("Reversed")]
    [InlineData("InOrder")]
    [InlineData("Interleaved")]
    public async Task A_crash_at_any_point_with_two_frames_in_flight_recovers_to_a_prefix_and_loses_nothing_acknowledged(string orderName)
    {
        SimulatedCompletionOrder order = Enum.Parse<SimulatedCompletionOrder>(orderName);
        int cutWithTheFrameBefore = 0;
        int cases = 0;
        for (int seed = 1; seed <= 8; seed++)
        {
            // 2 copies x (write, fdatasync, read-back) x 2 frames: crash before each of the 12 operations and after the last.
            for (int crashAt = 1; crashAt <= 13; crashAt++)
            {
                (long recovered, bool cut) = await CrashWithTwoFramesInFlight(seed, order, crashAt);
                Assert.InRange(recovered, 1, 3);
                cutWithTheFrameBefore += cut ? 1 : 0;
                cases++;
            }
        }

        if (order == SimulatedCompletionOrder.Reversed)
        {
            // The case pipelining adds: the later frame durable, the earlier one torn in both copies
            // (with the later group run first, a crash between the two groups leaves exactly that).
            // Recovery must cut both rather than refuse the log as corrupt.
            Assert.True(cutWithTheFrameBefore > 0, $"no crash left the later frame intact behind a torn one in {cases} cases");
        }
    }

    [Fact]
    public async Task A_frame_for_the_next_segment_waits_until_the_frames_in_flight_are_acknowledged()
    {
        var sim = new SimulatedLogFixture { CompletionOrder = SimulatedCompletionOrder.Reversed };
        DurableLog log = sim.Open();
        for (int i = 1; i <= 22; i++)
        {
            Assert.Equal(i, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(i, Small)));
        }

        // The cursor is at 11,776 of 16,384: the frame of 23 fits, the frame of 24 goes to segment 2.
        ValueTask<long> last = log.AppendAsync(SimulatedLogFixture.Record(23, Large));
        ValueTask<long> next = log.AppendAsync(SimulatedLogFixture.Record(24, Large));
        Assert.True(log.RunPendingWork());
        Assert.Equal(23, SimulatedLogFixture.ResultOf(last));
        Assert.False(next.IsCompleted, "the frame for the next segment was submitted with the last one still in flight");

        Assert.True(log.RunPendingWork());
        Assert.Equal(24, SimulatedLogFixture.ResultOf(next));
        foreach (string directory in new[] { SimulatedLogFixture.PrimaryDirectory, SimulatedLogFixture.SecondaryDirectory })
        {
            byte[] segment = sim.Storage.ReadFile(SimulatedLogFixture.SegmentPath(directory, 2));
            FrameHeader header = FrameHeader.Read(segment.AsSpan(512, LogFormat.FrameHeaderSize));
            Assert.Equal(24, header.FirstSequence);
            Assert.Equal(0, header.FramesAhead);
        }

        await log.DisposeAsync();
        await using DurableLog reopened = sim.Open();
        Assert.Equal(24, reopened.LastSequence);
        Assert.Equal(Enumerable.Range(1, 24).Select(i => (long)i), reopened.ReadFrom(1).Select(r => r.Sequence));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_damaged_frame_followed_by_more_than_the_in_flight_window_is_still_refused(bool pipelined)
    {
        var sim = new SimulatedLogFixture { CompletionOrder = SimulatedCompletionOrder.InOrder };
        await using (DurableLog log = sim.Open())
        {
            Assert.Equal(1, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(1, Small)));
            if (pipelined)
            {
                // 3 is written behind 2 (one frame ahead of it), then 4 alone: two intact frames after 2,
                // more than 3's header allows, so 2 was acknowledged before 4 was written.
                ValueTask<long> second = log.AppendAsync(SimulatedLogFixture.Record(2, Large));
                ValueTask<long> third = log.AppendAsync(SimulatedLogFixture.Record(3, Large));
                SimulatedLogFixture.Pump(log);
                Assert.Equal(2, SimulatedLogFixture.ResultOf(second));
                Assert.Equal(3, SimulatedLogFixture.ResultOf(third));
                Assert.Equal(4, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(4, Small)));
            }
            else
            {
                // 3 written alone, after 2 was acknowledged: no frame ahead of it.
                Assert.Equal(2, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(2, Large)));
                Assert.Equal(3, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(3, Large)));
            }
        }

        // Frame 2 (offset 1024) damaged identically in both copies, and no clean close: the crash rules apply.
        sim.Primary.FlipBit(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 1), 1024 + 20, 3);
        sim.Secondary.FlipBit(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 1), 1024 + 20, 3);
        sim.ForgetCleanClose();

        LogCorruptException refused = Assert.Throws<LogCorruptException>(() => sim.Open());
        Assert.Equal(2, refused.Sequence);
        Assert.Contains("later records exist", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<(long Recovered, bool CutBehindTorn)> CrashWithTwoFramesInFlight(int seed, SimulatedCompletionOrder order, int crashAt)
    {
        var sim = new SimulatedLogFixture(seed) { CompletionOrder = order };
        DurableLog log = sim.Open();
        Assert.Equal(1, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(1, Small)));
        ValueTask<long> first = log.AppendAsync(SimulatedLogFixture.Record(2, Large));
        ValueTask<long> second = log.AppendAsync(SimulatedLogFixture.Record(3, Large));

        sim.Storage.ScheduleCrash(crashAt);
        SimulatedLogFixture.Pump(log);
        bool crashed = sim.Storage.CrashCount > 0;
        sim.Storage.CancelScheduledCrash();
        long acknowledged = 1;
        foreach ((ValueTask<long> append, long sequence) in new[] { (first, 2L), (second, 3L) })
        {
            if (append.IsCompletedSuccessfully)
            {
                Assert.Equal(sequence, append.Result);
                acknowledged = sequence;
            }
        }

        try
        {
            await log.DisposeAsync();
        }
        catch (IOException) when (crashed)
        {
            // That process is gone with the machine.
        }

        if (!crashed)
        {
            sim.Storage.Crash();
        }

        sim.ForgetCleanClose();
        await using DurableLog reopened = sim.Open();
        List<LogRecord> records = [.. reopened.ReadFrom(1)];
        Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.All(records, r => Assert.Equal(SimulatedLogFixture.Record(r.Sequence, r.Sequence == 1 ? Small : Large), r.Payload.ToArray()));
        Assert.True(records.Count >= acknowledged, $"seed {seed}, crash at {crashAt}: {acknowledged} acknowledged, {records.Count} recovered");
        bool cut = reopened.Status.RepairRecords.Any(r => r.Reason.Contains("written behind it while it was in flight", StringComparison.Ordinal));
        Assert.Equal(records.Count + 1, SimulatedLogFixture.AppendNow(reopened, SimulatedLogFixture.Record(9, Small)));
        return (records.Count, cut);
    }
}
