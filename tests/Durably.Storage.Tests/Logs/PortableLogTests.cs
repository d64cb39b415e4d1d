using System.Text;
using Durably.Storage.Format;

namespace Durably.Storage.Tests.Logs;

/// <summary>The log on real files in temporary directories, through the Portable engine.</summary>
public sealed class PortableLogTests
{
    [Fact]
    public async Task Concurrent_appends_are_sequenced_durable_and_read_back_after_reopen()
    {
        using var dirs = new TemporaryLogDirectories();
        var written = new Dictionary<long, byte[]>();
        await using (DurableLog log = await DurableLog.OpenAsync(dirs.Options()))
        {
            Assert.Equal(0, log.LastSequence);
            var tasks = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
            {
                byte[] record = Encoding.UTF8.GetBytes($"record {i} " + new string('x', i * 7));
                long sequence = await log.AppendAsync(record);
                return (sequence, record);
            })).ToArray();
            foreach ((long sequence, byte[] record) in await Task.WhenAll(tasks))
            {
                written.Add(sequence, record);
            }

            Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), written.Keys.Order());
            Assert.Equal(200, log.LastSequence);
            AssertRecords(written, log.ReadFrom(1));
            Assert.Empty(log.Status.Repairs);
        }

        await using (DurableLog reopened = await DurableLog.OpenAsync(dirs.Options()))
        {
            Assert.Equal(200, reopened.LastSequence);
            Assert.Empty(reopened.Status.Repairs);
            AssertRecords(written, reopened.ReadFrom(1));
            Assert.Equal(written[150], reopened.ReadFrom(150).First().Payload.ToArray());
            Assert.Equal(201, await reopened.AppendAsync(new byte[] { 1, 2, 3 }));
        }
    }

    [Fact]
    public async Task Status_names_the_engine_alignment_devices_and_same_device_warning()
    {
        using var dirs = new TemporaryLogDirectories();
        var messages = new List<string>();
        LogOptions options = dirs.Options();
        options.OnMessage = messages.Add;
        await using DurableLog log = await DurableLog.OpenAsync(options);
        LogStatus status = log.Status;

        Assert.Equal(LogEngineKind.Portable, status.Engine);
        Assert.Equal("portable", status.EngineName);
        Assert.Contains("pwrite + fdatasync", status.EngineReason, StringComparison.Ordinal);
        Assert.True(status.Alignment >= 4096 && (status.Alignment & (status.Alignment - 1)) == 0);
        Assert.Equal(2, status.Copies.Count);
        Assert.Equal(Path.GetFullPath(dirs.Primary), status.Copies[0].Directory);
        Assert.True(status.Copies[0].DirectIo, "the temp directory's file system should take O_DIRECT");
        Assert.True(status.Copies[1].DataSync);
        Assert.Equal(status.Copies[0].Device, status.Copies[1].Device);
        Assert.Contains(status.Warnings, w => w.Contains("same device", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("same device", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("engine portable", StringComparison.Ordinal));
        Assert.Equal(LogCopyOrdering.Parallel, status.CopyOrdering);
        Assert.True(status.VerifyAfterWrite);
        Assert.False(status.IsFaulted);
        Assert.False(status.IsFull);
        Assert.Equal(1, status.SegmentCount);
        Assert.Equal(32, status.LogId.Length);
    }

    [Fact]
    public async Task Segments_roll_over_with_background_preallocation_and_every_ordering_works()
    {
        foreach ((LogCopyOrdering ordering, bool verify) in new[] { (LogCopyOrdering.Parallel, true), (LogCopyOrdering.Sequential, true), (LogCopyOrdering.Parallel, false) })
        {
            using var dirs = new TemporaryLogDirectories();
            LogOptions options = dirs.Options(segmentSize: 64 * 1024);
            options.CopyOrdering = ordering;
            options.VerifyAfterWrite = verify;
            var written = new Dictionary<long, byte[]>();
            await using (DurableLog log = await DurableLog.OpenAsync(options))
            {
                for (int i = 0; i < 120; i++)
                {
                    byte[] record = new byte[(i * 37) % 3000];
                    Random.Shared.NextBytes(record);
                    written[await log.AppendAsync(record)] = record;
                }

                Assert.True(log.Status.SegmentCount >= 4, $"{ordering}: {log.Status.SegmentCount} segments");
            }

            await using DurableLog reopened = await DurableLog.OpenAsync(options);
            Assert.Empty(reopened.Status.Repairs);
            AssertRecords(written, reopened.ReadFrom(1));
        }
    }

    [Fact]
    public async Task A_damaged_frame_in_one_real_file_is_repaired_and_a_torn_tail_in_both_is_cut()
    {
        using var dirs = new TemporaryLogDirectories();
        var written = new Dictionary<long, byte[]>();
        int alignment;
        await using (DurableLog log = await DurableLog.OpenAsync(dirs.Options()))
        {
            alignment = log.Status.Alignment;
            for (int i = 1; i <= 5; i++)
            {
                written[await log.AppendAsync(Encoding.UTF8.GetBytes("payload " + i))] = Encoding.UTF8.GetBytes("payload " + i);
            }
        }

        string primary = Path.Combine(dirs.Primary, SegmentFileName.For(1));
        string secondary = Path.Combine(dirs.Secondary, SegmentFileName.For(1));
        FlipByte(primary, (2 * alignment) + 70);          // frame 2, primary only
        FlipByte(primary, (5 * alignment) + 66);          // frame 5 (the last), both copies
        FlipByte(secondary, (5 * alignment) + 67);

        await using (DurableLog log = await DurableLog.OpenAsync(dirs.Options()))
        {
            Assert.Equal(4, log.LastSequence);
            Assert.Contains("primary: rewrote 1 frame(s)", log.Status.Repairs, StringComparison.Ordinal);
            Assert.Contains("Cut an incomplete frame", log.Status.Repairs, StringComparison.Ordinal);
            written.Remove(5);
            AssertRecords(written, log.ReadFrom(1));
        }

        await using DurableLog again = await DurableLog.OpenAsync(dirs.Options());
        Assert.Empty(again.Status.Repairs);
        AssertRecords(written, again.ReadFrom(1));
    }

    [Fact]
    public async Task Continuations_never_run_on_the_log_thread()
    {
        using var dirs = new TemporaryLogDirectories();
        await using DurableLog log = await DurableLog.OpenAsync(dirs.Options());
        var threads = await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
        {
            _ = await log.AppendAsync(new byte[] { (byte)i });
            return Thread.CurrentThread.Name;
        }));
        Assert.DoesNotContain("Durably log writer", threads);
    }

    [Fact]
    public async Task Bad_options_and_bad_calls_are_refused_clearly()
    {
        using var dirs = new TemporaryLogDirectories();
        await Assert.ThrowsAsync<ArgumentException>(async () => await DurableLog.OpenAsync(new LogOptions { PrimaryDirectory = dirs.Primary }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await DurableLog.OpenAsync(new LogOptions { PrimaryDirectory = dirs.Primary, SecondaryDirectory = dirs.Primary }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await DurableLog.OpenAsync(new LogOptions { PrimaryDirectory = dirs.Primary, SecondaryDirectory = dirs.Secondary, SingleCopy = true }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await DurableLog.OpenAsync(new LogOptions { PrimaryDirectory = dirs.Primary, SecondaryDirectory = dirs.Secondary, Alignment = 3000 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await DurableLog.OpenAsync(new LogOptions { PrimaryDirectory = dirs.Primary, SecondaryDirectory = dirs.Secondary, SegmentSize = 10_000 }));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await DurableLog.OpenAsync(dirs.Options(), cancelled.Token));

        DurableLog log = await DurableLog.OpenAsync(dirs.Options());
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = log.AppendAsync(new byte[log.Status.MaxRecordSize + 1]).AsTask(); });
        Assert.Equal(1, await log.AppendAsync(new byte[log.Status.MaxRecordSize]));
        Assert.Equal(2, await log.AppendAsync(ReadOnlyMemory<byte>.Empty));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await log.AppendAsync(new byte[1], cancelled.Token));
        await log.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => { _ = log.AppendAsync(new byte[1]).AsTask(); });
        await log.DisposeAsync();
    }

    [Fact]
    public async Task One_copy_only_when_asked_with_a_warning()
    {
        using var dirs = new TemporaryLogDirectories();
        var options = new LogOptions { PrimaryDirectory = dirs.Primary, SingleCopy = true, SegmentSize = 256 * 1024 };
        await using (DurableLog log = await DurableLog.OpenAsync(options))
        {
            Assert.Single(log.Status.Copies);
            Assert.Contains(log.Status.Warnings, w => w.Contains("one copy", StringComparison.Ordinal));
            Assert.Equal(1, await log.AppendAsync(new byte[] { 42 }));
        }

        await using DurableLog reopened = await DurableLog.OpenAsync(options);
        Assert.Equal(new byte[] { 42 }, reopened.ReadFrom(1).Single().Payload.ToArray());
    }

    [Fact]
    public async Task Disposing_completes_every_accepted_append()
    {
        using var dirs = new TemporaryLogDirectories();
        DurableLog log = await DurableLog.OpenAsync(dirs.Options());
        var appends = Enumerable.Range(0, 300).Select(i => log.AppendAsync(new byte[i % 50]).AsTask()).ToArray();
        await log.DisposeAsync();
        long[] sequences = await Task.WhenAll(appends);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), sequences.Order());

        await using DurableLog reopened = await DurableLog.OpenAsync(dirs.Options());
        Assert.Equal(300, reopened.LastSequence);
    }

    private static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        int value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x40));
        file.Flush(flushToDisk: true);
    }

    private static void AssertRecords(Dictionary<long, byte[]> expected, IEnumerable<LogRecord> actual)
    {
        var list = actual.ToList();
        Assert.Equal(expected.Count, list.Count);
        foreach (LogRecord record in list)
        {
            Assert.Equal(expected[record.Sequence], record.Payload.ToArray());
        }
    }
}
