using Durably.Storage.Format;

namespace Durably.Storage.Tests.IoUring;

/// <summary>
/// The log's fault-campaign invariants on real files, for both engines: seeded concurrent appends on real temp
/// directories, reopen, every acknowledged record present in order and byte-identical; a log written by one engine
/// recovered by the other (both directions), also after the last frame of one copy was torn on disk.
/// </summary>
public sealed class IoUringRealFileLogTests
{
    private const long SegmentSize = 64 * 1024;

    public static TheoryData<LogEngineKind, LogEngineKind, int> EnginePairs => new()
    {
        { LogEngineKind.IoUring, LogEngineKind.IoUring, 11 },
        { LogEngineKind.Portable, LogEngineKind.Portable, 12 },
        { LogEngineKind.IoUring, LogEngineKind.Portable, 13 },
        { LogEngineKind.Portable, LogEngineKind.IoUring, 14 },
    };

    [IoUringTheory]
    [MemberData(nameof(EnginePairs))]
    public async Task Seeded_concurrent_appends_are_all_recovered_in_order_byte_identical_by_either_engine(
        LogEngineKind writer, LogEngineKind reader, int seed)
    {
        using var dirs = new TemporaryLogDirectories();
        var random = new Random(seed);
        LogCopyOrdering ordering = random.Next(2) == 0 ? LogCopyOrdering.Parallel : LogCopyOrdering.Sequential;
        bool verify = random.Next(2) == 0;
        SortedDictionary<long, byte[]> acknowledged = await WriteSeededWorkload(dirs, writer, ordering, verify, seed, appenders: 8, perAppender: 40);

        await using (DurableLog log = await DurableLog.OpenAsync(Options(dirs, reader)))
        {
            Assert.Equal(EngineName(reader), log.Status.EngineName, ignoreCase: true);
            Assert.Empty(log.Status.RepairRecords);
            AssertExactly(acknowledged, log);
            Assert.Equal(acknowledged.Count + 1, await log.AppendAsync(Payload(random, 100)));
        }

        await using DurableLog again = await DurableLog.OpenAsync(Options(dirs, writer));
        Assert.Equal(acknowledged.Count + 1, again.LastSequence);
    }

    [IoUringTheory]
    [InlineData(LogEngineKind.IoUring, LogCopyOrdering.Parallel, true)]
    [InlineData(LogEngineKind.IoUring, LogCopyOrdering.Sequential, false)]
    [InlineData(LogEngineKind.Portable, LogCopyOrdering.Parallel, true)]
    [InlineData(LogEngineKind.Portable, LogCopyOrdering.Sequential, false)]
    public async Task With_O_DSYNC_writes_alone_every_acknowledged_record_is_recovered(LogEngineKind engine, LogCopyOrdering ordering, bool verify)
    {
        using var dirs = new TemporaryLogDirectories();
        var acknowledged = new SortedDictionary<long, byte[]>();
        await using (DurableLog log = await DurableLog.OpenAsync(Options(dirs, engine, ordering, verify, fdatasync: false)))
        {
            Assert.All(log.Status.Copies, c => Assert.False(c.FdatasyncAfterWrite));
            await Task.WhenAll(Enumerable.Range(0, 8).Select(a => Task.Run(async () =>
            {
                var random = new Random(31 + a);
                for (int i = 0; i < 40; i++)
                {
                    byte[] payload = Payload(random, random.Next(4) == 0 ? 6000 : 300);
                    long sequence = await log.AppendAsync(payload);
                    lock (acknowledged)
                    {
                        acknowledged.Add(sequence, payload);
                    }
                }
            })));
            Assert.Equal(320, log.Status.CommitCount > 0 ? acknowledged.Count : 0);
        }

        await using DurableLog reopened = await DurableLog.OpenAsync(Options(dirs, engine, ordering, verify));
        Assert.Empty(reopened.Status.RepairRecords);
        AssertExactly(acknowledged, reopened);
    }

    [IoUringTheory]
    [InlineData(LogEngineKind.IoUring, LogEngineKind.Portable, 21, true)]
    [InlineData(LogEngineKind.Portable, LogEngineKind.IoUring, 22, true)]
    [InlineData(LogEngineKind.IoUring, LogEngineKind.Portable, 23, false)]
    [InlineData(LogEngineKind.Portable, LogEngineKind.IoUring, 24, false)]
    public async Task A_torn_last_frame_in_one_copy_is_repaired_by_the_other_engine_without_losing_a_record(
        LogEngineKind writer, LogEngineKind reader, int seed, bool tearPrimary)
    {
        using var dirs = new TemporaryLogDirectories();
        SortedDictionary<long, byte[]> acknowledged = await WriteSeededWorkload(
            dirs, writer, LogCopyOrdering.Parallel, verify: true, seed, appenders: 4, perAppender: 30);

        // The frame in flight at a crash: in one copy, its second half never reached the disk.
        string torn = TearLastFrame(tearPrimary ? dirs.Primary : dirs.Secondary, out long offset);

        await using (DurableLog log = await DurableLog.OpenAsync(Options(dirs, reader)))
        {
            RepairRecord repair = Assert.Single(log.Status.RepairRecords);
            Assert.Equal((RepairKind.FrameRewritten, tearPrimary ? "primary" : "secondary", offset), (repair.Kind, repair.Copy, repair.Offset));
            Assert.StartsWith("1 frame(s)", repair.Reason, StringComparison.Ordinal);
            AssertExactly(acknowledged, log);
            Assert.False(log.Status.IsFaulted);
        }

        await using (DurableLog again = await DurableLog.OpenAsync(Options(dirs, writer)))
        {
            Assert.Empty(again.Status.RepairRecords);
            AssertExactly(acknowledged, again);
        }

        Assert.True(FrameHeader.HasMagic(File.ReadAllBytes(torn).AsSpan((int)offset)), "the torn frame was rewritten in place");
    }

    internal static LogOptions Options(
        TemporaryLogDirectories dirs, LogEngineKind engine, LogCopyOrdering ordering = LogCopyOrdering.Parallel, bool verify = true, bool fdatasync = true)
    {
        LogOptions options = dirs.Options(SegmentSize);
        options.Engine = engine;
        options.CopyOrdering = ordering;
        options.VerifyAfterWrite = verify;
        options.FdatasyncAfterWrite = fdatasync;
        return options;
    }

    internal static byte[] Payload(Random random, int maxLength)
    {
        // Lower-case letters only, so a frame magic ("DRBL") can only appear where the log wrote a frame header.
        var payload = new byte[random.Next(1, maxLength)];
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)('a' + random.Next(26));
        }

        return payload;
    }

    internal static void AssertExactly(SortedDictionary<long, byte[]> acknowledged, DurableLog log)
    {
        Assert.Equal(acknowledged.Count, log.LastSequence);
        long expected = 1;
        foreach (LogRecord record in log.ReadFrom(1))
        {
            Assert.Equal(expected, record.Sequence);
            Assert.True(acknowledged.TryGetValue(record.Sequence, out byte[]? bytes), $"sequence {record.Sequence} was never acknowledged");
            Assert.True(bytes.AsSpan().SequenceEqual(record.Payload.Span), $"sequence {record.Sequence} differs from what was acknowledged");
            expected++;
        }

        Assert.Equal(acknowledged.Count + 1, expected);
    }

    private static string EngineName(LogEngineKind kind) => kind == LogEngineKind.IoUring ? "io_uring" : "portable";

    private static async Task<SortedDictionary<long, byte[]>> WriteSeededWorkload(
        TemporaryLogDirectories dirs, LogEngineKind engine, LogCopyOrdering ordering, bool verify, int seed, int appenders, int perAppender)
    {
        var acknowledged = new SortedDictionary<long, byte[]>();
        await using DurableLog log = await DurableLog.OpenAsync(Options(dirs, engine, ordering, verify));
        Assert.Equal(EngineName(engine), log.Status.EngineName, ignoreCase: true);
        Task[] workers = [.. Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
        {
            var random = new Random((seed * 1000) + a);
            for (int i = 0; i < perAppender; i++)
            {
                byte[] payload = Payload(random, random.Next(4) == 0 ? 6000 : 300);
                long sequence = await log.AppendAsync(payload);
                lock (acknowledged)
                {
                    acknowledged.Add(sequence, payload);
                }
            }
        }))];
        await Task.WhenAll(workers);
        Assert.False(log.Status.IsFaulted, log.Status.FaultReason);
        Assert.True(log.Status.SegmentCount > 1, "the workload should span several segments");
        return acknowledged;
    }

    /// <summary>Zeroes the second half of the last frame in one copy's segments; returns that file and the frame's offset.</summary>
    private static string TearLastFrame(string directory, out long lastOffset)
    {
        string? lastFile = null;
        lastOffset = -1;
        int lastLength = 0;
        foreach (string file in Directory.GetFiles(directory, "wal-*.seg").Order(StringComparer.Ordinal))
        {
            byte[] bytes = File.ReadAllBytes(file);
            int alignment = LogFormat.DefaultAlignment;
            for (long at = alignment; at + LogFormat.FrameHeaderSize <= bytes.Length; at += alignment)
            {
                if (FrameHeader.HasMagic(bytes.AsSpan((int)at)))
                {
                    FrameHeader header = FrameHeader.Read(bytes.AsSpan((int)at, LogFormat.FrameHeaderSize));
                    if (header.FileOffset == at)
                    {
                        (lastFile, lastOffset, lastLength) = (file, at, (int)header.UnpaddedLength);
                    }
                }
            }
        }

        Assert.NotNull(lastFile);
        using FileStream stream = new(lastFile, FileMode.Open, FileAccess.Write);
        int keep = Math.Max(LogFormat.FrameHeaderSize, lastLength / 2);
        stream.Position = lastOffset + keep;
        stream.Write(new byte[lastLength - keep + 1]);
        stream.Flush(flushToDisk: true);
        return lastFile;
    }
}
