using System.Text;
using Durably.IO;
using Durably.IO.Linux;

namespace Durably.Storage.Tests.IoUring;

/// <summary>The io_uring engine behind the log's engine contract, and a whole log running on it.</summary>
public sealed class IoUringEngineTests : IDisposable
{
    private const int Block = 4096;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("durably-uring-engine-");

    public void Dispose() => _root.Delete(recursive: true);

    [IoUringFact]
    public void Buffers_and_files_registered_on_the_opening_thread_serve_commits_from_the_log_thread()
    {
        Assert.True(IoUringEngine.TryCreate(out IoUringEngine? engine, out string? reason), reason);
        using var frame = new AlignedBuffer(2 * Block, Block);
        using var readBack0 = new AlignedBuffer(2 * Block, Block);
        using var readBack1 = new AlignedBuffer(2 * Block, Block);
        StorageFile primary = Open(engine, "primary");
        StorageFile secondary = Open(engine, "secondary");
        try
        {
            Assert.Equal("io_uring", engine.Name);
            Assert.Contains("SingleIssuer", engine.Description, StringComparison.Ordinal);
            engine.RegisterBuffers([frame, readBack0, readBack1]);
            int slot0 = engine.RegisterFile(primary);
            int slot1 = engine.RegisterFile(secondary);
            byte[] payload = IoUringDurableWriteTests.Pattern(2 * Block, seed: 31);
            payload.CopyTo(frame.Span);
            IoOperation[] operations =
            [
                IoOperation.Write(slot0, 0, 2 * Block, Block, linkNext: true),
                IoOperation.SyncData(slot0, linkNext: true),
                IoOperation.Read(slot0, 1, 2 * Block, Block, linkNext: false),
                IoOperation.Write(slot1, 0, 2 * Block, Block, linkNext: true),
                IoOperation.SyncData(slot1, linkNext: true),
                IoOperation.Read(slot1, 2, 2 * Block, Block, linkNext: false),
            ];
            var results = new int[operations.Length];

            // The log thread: two commits, then a segment switch from that thread.
            Exception? failure = null;
            var logThread = new Thread(() => failure = Record.Exception(() =>
            {
                engine.Submit(operations);
                engine.WaitForCompletions(results);
                Assert.Equal([2 * Block, 0, 2 * Block, 2 * Block, 0, 2 * Block], results);
                engine.UnregisterFile(slot1);
                Assert.Equal(slot1, engine.RegisterFile(secondary));
                engine.Submit(operations);
                engine.WaitForCompletions(results);
            }));
            logThread.Start();
            logThread.Join();

            Assert.Null(failure);
            Assert.Equal([2 * Block, 0, 2 * Block, 2 * Block, 0, 2 * Block], results);
            Assert.Equal(payload, readBack0.Span.ToArray());
            Assert.Equal(payload, readBack1.Span.ToArray());
            Assert.Equal(payload, File.ReadAllBytes(primary.Path)[Block..]);
            Assert.Equal(payload, File.ReadAllBytes(secondary.Path)[Block..]);

            // Closing from another thread: slots are released without the ring's cooperation.
            engine.UnregisterFile(slot0);
            engine.UnregisterFile(slot1);
        }
        finally
        {
            engine.Dispose();
            primary.Dispose();
            secondary.Dispose();
        }
    }

    [IoUringFact]
    public void Groups_stay_in_flight_together_and_each_is_reaped_whole_under_its_own_tag()
    {
        Assert.True(IoUringEngine.TryCreate(out IoUringEngine? engine, out string? reason), reason);
        using var frameA = new AlignedBuffer(Block, Block);
        using var frameB = new AlignedBuffer(Block, Block);
        using var readA = new AlignedBuffer(Block, Block);
        using var readB = new AlignedBuffer(Block, Block);
        StorageFile file = Open(engine, "segment");
        try
        {
            engine.RegisterBuffers([frameA, readA, frameB, readB]);
            int slot = engine.RegisterFile(file);
            IoUringDurableWriteTests.Pattern(Block, seed: 5).CopyTo(frameA.Span);
            IoUringDurableWriteTests.Pattern(Block, seed: 6).CopyTo(frameB.Span);
            Assert.True(engine.MaxGroupsInFlight >= 2);

            // Two groups submitted before either is reaped, as the log pipelines two frames.
            engine.SubmitGroup(
                41,
                [IoOperation.Write(slot, 0, Block, 0, linkNext: true), IoOperation.SyncData(slot, linkNext: true), IoOperation.Read(slot, 1, Block, 0, linkNext: false)]);
            engine.SubmitGroup(
                42,
                [IoOperation.Write(slot, 2, Block, Block, linkNext: true), IoOperation.SyncData(slot, linkNext: true), IoOperation.Read(slot, 3, Block, Block, linkNext: false)]);
            Assert.True(engine.HasOperationsInFlight);

            var results = new int[3];
            var tags = new List<long> { engine.ReapGroup(results) };
            Assert.Equal([Block, 0, Block], results);
            tags.Add(engine.ReapGroup(results));
            Assert.Equal([Block, 0, Block], results);

            Assert.Equal([41L, 42L], tags.Order());
            Assert.False(engine.HasOperationsInFlight);
            Assert.Equal(frameA.Span.ToArray(), readA.Span.ToArray());
            Assert.Equal(frameB.Span.ToArray(), readB.Span.ToArray());
            Assert.Throws<InvalidOperationException>(() => engine.ReapGroup(results));
        }
        finally
        {
            engine.Dispose();
            file.Dispose();
        }
    }

    [IoUringFact(NeedsMount = true)]
    public void A_short_write_reaches_the_log_as_its_byte_count_and_the_sync_as_ECANCELED()
    {
        using IoUringSizeLimitedFilesystem filesystem = IoUringSizeLimitedFilesystem.Mount(64 * 1024);
        Assert.True(IoUringEngine.TryCreate(out IoUringEngine? engine, out string? reason), reason);
        using var frame = new AlignedBuffer(256 * 1024, Block);
        StorageFile file = engine.FileSystem.Open(Path.Combine(filesystem.MountPoint, "segment"), StorageOpenMode.CreateNew, StorageFileOptions.None);
        try
        {
            engine.RegisterBuffers([frame]);
            int slot = engine.RegisterFile(file);
            var results = new int[2];

            engine.Submit([IoOperation.Write(slot, 0, frame.Length, 0, linkNext: true), IoOperation.SyncData(slot, linkNext: false)]);
            engine.WaitForCompletions(results);

            Assert.InRange(results[0], 1, frame.Length - 1);
            Assert.Equal(-Errno.ECANCELED, results[1]);
        }
        finally
        {
            engine.Dispose();
            file.Dispose();
        }
    }

    [IoUringFact]
    public async Task A_log_on_the_io_uring_engine_commits_switches_segments_and_reopens_on_the_portable_engine()
    {
        using var dirs = new TemporaryLogDirectories();
        Assert.True(IoUringEngine.TryCreate(out IoUringEngine? engine, out string? reason), reason);
        LogOptions options = dirs.Options(segmentSize: 64 * 1024);
        options.CustomEngine = engine;
        var written = new Dictionary<long, byte[]>();

        await using (DurableLog log = await DurableLog.OpenAsync(options))
        {
            Assert.Equal("io_uring", log.Status.EngineName);
            // Four writers, each awaiting its own appends one at a time: a frame holds at most four
            // records, so the 300 records need at least 75 aligned frames (300 KiB and more), which
            // cannot fit one 64 KiB segment however group commit batches them.
            const int Writers = 4;
            var tasks = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                var mine = new List<(long Sequence, byte[] Record)>();
                for (int i = w; i < 300; i += Writers)
                {
                    byte[] record = Encoding.UTF8.GetBytes($"record {i} " + new string('u', i % 500));
                    mine.Add((await log.AppendAsync(record), record));
                }

                return mine;
            })).ToArray();
            foreach ((long sequence, byte[] record) in (await Task.WhenAll(tasks)).SelectMany(m => m))
            {
                written.Add(sequence, record);
            }

            Assert.False(log.Status.IsFaulted, log.Status.FaultReason);
            Assert.True(log.Status.SegmentCount > 1, "the records should span several 64 KiB segments");
        }

        await using (DurableLog reopened = await DurableLog.OpenAsync(dirs.Options(segmentSize: 64 * 1024)))
        {
            Assert.Equal(300, reopened.LastSequence);
            Assert.Empty(reopened.Status.RepairRecords);
            var records = reopened.ReadFrom(1).ToList();
            Assert.Equal(300, records.Count);
            Assert.All(records, r => Assert.Equal(written[r.Sequence], r.Payload.ToArray()));
        }
    }

    private StorageFile Open(IoUringEngine engine, string name) =>
        engine.FileSystem.Open(Path.Combine(_root.FullName, name), StorageOpenMode.CreateNew, StorageFileOptions.Direct | StorageFileOptions.DataSync);
}
