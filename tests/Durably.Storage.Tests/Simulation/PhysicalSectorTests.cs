namespace Durably.Storage.Tests.Simulation;

/// <summary>
/// The log's alignment against the device's physical sector, on simulated 512-byte-emulation
/// disks (O_DIRECT at 512, a larger physical sector): a frame smaller than a physical sector
/// shares it with the frame before it, and the drive's read-modify-write can damage that one.
/// </summary>
public sealed class PhysicalSectorTests
{
    private const int RecordLength = 100;

    [Fact]
    public async Task A_new_log_takes_the_largest_physical_sector_of_its_copies_as_its_alignment()
    {
        var sim = new SimulatedLogFixture { SegmentSize = 64 * 1024 };
        sim.Secondary.PhysicalSectorSize = 8192;
        LogOptions options = sim.Options();
        options.Alignment = 0;

        await using DurableLog log = await DurableLog.OpenAsync(options);
        Assert.Equal(8192, log.Status.Alignment);
        Assert.Equal([512, 8192], log.Status.Copies.Select(c => c.PhysicalSectorSize));
        Assert.Equal(1, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(1, RecordLength)));
    }

    [Fact]
    public async Task An_alignment_below_a_copys_physical_sector_is_refused_before_anything_is_created()
    {
        var sim = new SimulatedLogFixture { SegmentSize = 64 * 1024 };
        sim.Secondary.PhysicalSectorSize = 4096;
        LogOptions options = sim.Options();
        options.Alignment = 2048;

        ArgumentOutOfRangeException error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await DurableLog.OpenAsync(options));
        Assert.Contains("Alignment 2048 is below the physical sector size 4096 of the secondary's device", error.Message, StringComparison.Ordinal);
        Assert.Contains(SimulatedLogFixture.SecondaryDirectory, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(sim.Storage.ListFiles(SimulatedLogFixture.PrimaryDirectory), f => f.EndsWith(".seg", StringComparison.Ordinal));
        Assert.DoesNotContain(sim.Storage.ListFiles(SimulatedLogFixture.SecondaryDirectory), f => f.EndsWith(".seg", StringComparison.Ordinal));

        options.Alignment = 4096;
        await using DurableLog log = await DurableLog.OpenAsync(options);
        Assert.Equal(4096, log.Status.Alignment);
    }

    [Fact]
    public async Task An_existing_log_aligned_below_its_devices_physical_sector_opens_with_a_warning_naming_the_risk()
    {
        var sim = new SimulatedLogFixture();
        await using (DurableLog log = sim.Open())
        {
            Assert.Equal(1, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(1, RecordLength)));
            Assert.DoesNotContain(log.Status.Warnings, w => w.Contains("physical sector", StringComparison.Ordinal));
        }

        // The same files, now reported on a device whose physical sector is 4096: the alignment
        // is part of the format and cannot change, so the log opens and says what it risks.
        sim.Primary.PhysicalSectorSize = 4096;
        await using DurableLog again = sim.Open();
        Assert.Equal(512, again.Status.Alignment);
        string warning = Assert.Single(again.Status.Warnings, w => w.Contains("physical sector", StringComparison.Ordinal));
        Assert.Contains("alignment 512, below the physical sector size 4096 of the primary's device", warning, StringComparison.Ordinal);
        Assert.Contains(sim.Messages, m => m.Contains("below the physical sector size 4096", StringComparison.Ordinal));
        Assert.Equal(2, SimulatedLogFixture.AppendNow(again, SimulatedLogFixture.Record(2, RecordLength)));
    }
}
