namespace Durably.Storage.Tests.RealDisks;

/// <summary>The log on two real ext4 file systems (loop devices): separate devices, O_DIRECT, and a genuinely full disk.</summary>
public sealed class LoopMountTests
{
    private const int SegmentSize = 1 << 20;

    [RootFact]
    public async Task Copies_on_two_file_systems_are_on_two_devices_with_direct_io()
    {
        using var primary = new LoopMountedImage("primary", 32);
        using var secondary = new LoopMountedImage("secondary", 32);
        LogOptions options = Options(primary, secondary);
        await using (DurableLog log = await DurableLog.OpenAsync(options))
        {
            LogStatus status = log.Status;
            Assert.NotEqual(status.Copies[0].Device, status.Copies[1].Device);
            Assert.DoesNotContain(status.Warnings, w => w.Contains("same device", StringComparison.Ordinal));
            Assert.All(status.Copies, c => Assert.True(c.DirectIo));
            Assert.True(status.Alignment >= 4096);
            for (int i = 1; i <= 50; i++)
            {
                Assert.Equal(i, await log.AppendAsync(new byte[i * 100]));
            }
        }

        await using DurableLog reopened = await DurableLog.OpenAsync(options);
        Assert.Equal(50, reopened.LastSequence);
        Assert.Empty(reopened.Status.RepairRecords);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => i * 100), reopened.ReadFrom(1).Select(r => r.Payload.Length));
    }

    [RootFact]
    public async Task A_full_file_system_refuses_appends_before_sequencing_and_the_log_continues_once_space_is_freed()
    {
        using var primary = new LoopMountedImage("primary", 24);
        using var secondary = new LoopMountedImage("secondary", 24);
        LogOptions options = Options(primary, secondary);
        await using DurableLog log = await DurableLog.OpenAsync(options);
        Assert.Equal(1, await log.AppendAsync(new byte[100]));
        await WaitFor(() => log.Status.SpareSegmentCount == 1);

        // Leave less than a segment free on the secondary: segment 3 cannot be reserved.
        string ballast = Path.Combine(secondary.MountPoint, "ballast");
        FillWithBallast(ballast, secondary.FreeBytes - (SegmentSize / 2));

        var accepted = new List<long> { 1 };
        LogFullException? refused = null;
        for (int i = 0; i < 2000 && refused is null; i++)
        {
            try
            {
                accepted.Add(await log.AppendAsync(new byte[8000]));
            }
            catch (LogFullException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.Contains("ENOSPC", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, accepted.Count).Select(i => (long)i), accepted);
        Assert.True(accepted.Count > 100, "two segments' worth of records should have been accepted first");
        Assert.True(log.Status.IsFull);
        Assert.False(log.Status.IsFaulted);
        Assert.Equal(accepted.Count, log.LastSequence);
        Assert.Equal(accepted.Count, log.ReadFrom(1).Count());
        Assert.DoesNotContain(Directory.GetFiles(secondary.MountPoint, "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));

        File.Delete(ballast);
        long next = await log.AppendAsync(new byte[8000]);
        Assert.Equal(accepted.Count + 1, next);
        for (int i = 0; i < 400; i++)
        {
            _ = await log.AppendAsync(new byte[8000]);
        }

        Assert.False(log.Status.IsFull);
        Assert.True(log.Status.SegmentCount >= 4);
        Assert.Equal(accepted.Count + 401, log.LastSequence);
    }

    private static LogOptions Options(LoopMountedImage primary, LoopMountedImage secondary) => new()
    {
        PrimaryDirectory = Path.Combine(primary.MountPoint, "log"),
        SecondaryDirectory = Path.Combine(secondary.MountPoint, "log"),
        SegmentSize = SegmentSize,
        Engine = LogEngineKind.Portable,
        SpaceRetryInterval = TimeSpan.Zero,
    };

    private static void FillWithBallast(string path, long bytes)
    {
        byte[] chunk = new byte[1 << 20];
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        for (long written = 0; written < bytes; written += chunk.Length)
        {
            file.Write(chunk, 0, (int)Math.Min(chunk.Length, bytes - written));
        }

        file.Flush(flushToDisk: true);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
