namespace Durably.Benchmarks.Tests;

public sealed class RawFloorTests
{
    [Fact]
    public void The_floor_of_the_promise_writes_syncs_and_reads_back_both_copies_on_real_files()
    {
        using var directory = new TemporaryDirectory();
        string primary = Path.Combine(directory.Path, "primary");
        string secondary = Path.Combine(directory.Path, "secondary");

        (double ops, double p50, double p99) = LogSyncFloor.Measure(primary, secondary, 4096, concurrent: true, openWithDataSync: false, readBack: true, TimeSpan.FromMilliseconds(200));

        Assert.True(ops > 0, "no floor cycle completed");
        Assert.True(p50 > 0 && p99 >= p50, $"p50 {p50} µs, p99 {p99} µs");

        // Each cycle wrote its own number into the first bytes of its block, in both copies.
        foreach (string copy in new[] { primary, secondary })
        {
            byte[] file = File.ReadAllBytes(Path.Combine(copy, "floor.dat"));
            long first = BitConverter.ToInt64(file, 0);
            Assert.Equal(1, first);
            Assert.Equal(0x5A, file[8]);
        }
    }
}
