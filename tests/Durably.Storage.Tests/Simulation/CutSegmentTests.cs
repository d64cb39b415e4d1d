namespace Durably.Storage.Tests.Simulation;

/// <summary>
/// A segment file cut short at rest (<c>truncate -s</c>) in one copy, at aligned and unaligned
/// lengths: the cut copy is rebuilt from the intact one, never from itself.
/// </summary>
public sealed class CutSegmentTests
{
    private const int RecordLength = 700; // frames of 1024 bytes at alignment 512
    private const int Records = 40;       // several 16 KiB segments

    public static TheoryData<bool, long> Cuts => new()
    {
        // Inside a frame's padding: the cut copy still shows that frame valid (its padding reads as zeros).
        { true, 512 + (3 * 1024) + 800 },
        { false, 512 + (3 * 1024) + 800 },
        // Inside a frame's payload, at an unaligned and at an aligned length.
        { true, 512 + (5 * 1024) + 100 },
        { true, 512 + (5 * 1024) },
        { false, 512 + (5 * 1024) },
        // Inside the segment header.
        { true, 300 },
    };

    [Theory]
    [MemberData(nameof(Cuts))]
    public async Task A_segment_cut_short_in_one_copy_is_rebuilt_from_the_other_and_every_record_is_kept(bool cutPrimary, long length)
    {
        var sim = new SimulatedLogFixture();
        await using (DurableLog log = sim.Open())
        {
            for (int i = 1; i <= Records; i++)
            {
                SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(i, RecordLength));
            }
        }

        string directory = cutPrimary ? SimulatedLogFixture.PrimaryDirectory : SimulatedLogFixture.SecondaryDirectory;
        (cutPrimary ? sim.Primary : sim.Secondary).Truncate(SimulatedLogFixture.SegmentPath(directory, 2), length);

        await using (DurableLog log = sim.Open())
        {
            AssertRecords(log);
            RepairRecord rebuilt = Assert.Single(log.Status.RepairRecords, r => r.Kind == RepairKind.SegmentRebuilt);
            Assert.Equal(cutPrimary ? "primary" : "secondary", rebuilt.Copy);
            Assert.EndsWith(Durably.Storage.Format.SegmentFileName.For(2), rebuilt.File, StringComparison.Ordinal);
            Assert.Contains("file length " + length, rebuilt.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(
            sim.Storage.ReadFile(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.PrimaryDirectory, 2))[512..],
            sim.Storage.ReadFile(SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 2))[512..]);
        await using DurableLog again = sim.Open();
        Assert.Empty(again.Status.RepairRecords);
        AssertRecords(again);
    }

    private static void AssertRecords(DurableLog log)
    {
        List<LogRecord> records = [.. log.ReadFrom(1)];
        Assert.Equal(Enumerable.Range(1, Records).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.All(records, r => Assert.Equal(SimulatedLogFixture.Record(r.Sequence, RecordLength), r.Payload.ToArray()));
    }
}
