using Durably.Storage.Format;
using Durably.Testing;

namespace Durably.Storage.Tests.Simulation;

/// <summary>A simulated machine with two disks and the log options to open a log on them.</summary>
internal sealed class SimulatedLogFixture
{
    internal const string PrimaryDirectory = "/disk-a/log";
    internal const string SecondaryDirectory = "/disk-b/log";

    internal SimulatedLogFixture(int seed = 1, long capacity = 1L << 30)
    {
        Storage = new SimulatedStorage(seed);
        Primary = Storage.AddDisk("/disk-a", new SimulatedDiskOptions { Capacity = capacity });
        Secondary = Storage.AddDisk("/disk-b", new SimulatedDiskOptions { Capacity = capacity });
    }

    internal SimulatedStorage Storage { get; }

    internal SimulatedDisk Primary { get; }

    internal SimulatedDisk Secondary { get; }

    internal List<string> Messages { get; } = [];

    internal long SegmentSize { get; set; } = 16 * 1024;

    internal bool Verify { get; set; } = true;

    internal LogCopyOrdering Ordering { get; set; } = LogCopyOrdering.Parallel;

    internal LogRecoveryMode RecoveryMode { get; set; } = LogRecoveryMode.Strict;

    /// <summary><see cref="LogOptions.FdatasyncAfterWrite"/>: false leaves each frame's O_DSYNC write to make it durable.</summary>
    internal bool SyncAfterWrite { get; set; } = true;

    /// <summary><see cref="LogOptions.OpenWithDataSync"/>: false leaves each frame's fdatasync alone to make it durable.</summary>
    internal bool DataSync { get; set; } = true;

    /// <summary>How the engines opened from now on run frames in flight together (the seed decides by default).</summary>
    internal SimulatedCompletionOrder CompletionOrder { get; set; } = SimulatedCompletionOrder.Seeded;

    /// <summary>
    /// Deletes the clean-close record from both copies, leaving the directories as a crash
    /// (rather than a clean close) would: the tail is then judged by the crash rules.
    /// </summary>
    internal void ForgetCleanClose()
    {
        var files = ((Durably.IoEngine)Storage.CreateEngine()).FileSystem;
        foreach (string directory in new[] { PrimaryDirectory, SecondaryDirectory })
        {
            files.Delete(directory + "/" + CleanCloseRecord.FileName);
            files.SyncDirectory(directory);
        }
    }

    internal static string SegmentPath(string directory, uint number) => directory + "/" + SegmentFileName.For(number);

    internal LogOptions Options(bool manual = true) => new()
    {
        PrimaryDirectory = PrimaryDirectory,
        SecondaryDirectory = SecondaryDirectory,
        SegmentSize = SegmentSize,
        Alignment = 512,
        CustomEngine = CreateEngine(),
        VerifyAfterWrite = Verify,
        CopyOrdering = Ordering,
        RecoveryMode = RecoveryMode,
        FdatasyncAfterWrite = SyncAfterWrite,
        OpenWithDataSync = DataSync,
        SpaceRetryInterval = TimeSpan.Zero,
        ManualScheduling = manual,
        OnMessage = m =>
        {
            lock (Messages)
            {
                Messages.Add(m);
            }
        },
    };

    private SimulatedEngine CreateEngine()
    {
        SimulatedEngine engine = Storage.CreateEngine();
        engine.CompletionOrder = CompletionOrder;
        return engine;
    }

    internal DurableLog Open(bool manual = true)
    {
        ValueTask<DurableLog> open = DurableLog.OpenAsync(Options(manual));
        return open.IsCompleted ? open.Result : open.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Appends and pumps the log until the append completes (manual scheduling).</summary>
    internal static long AppendNow(DurableLog log, byte[] record)
    {
        ValueTask<long> append = log.AppendAsync(record);
        Pump(log);
        return ResultOf(append);
    }

    /// <summary>The result of an append that must have completed by now (manual scheduling).</summary>
    internal static long ResultOf(ValueTask<long> append)
    {
        Assert.True(append.IsCompleted, "the append did not complete");
        return append.Result;
    }

    internal static void Pump(DurableLog log)
    {
        for (int i = 0; i < 10_000 && log.RunPendingWork(); i++)
        {
        }
    }

    internal static byte[] Record(long n, int length) =>
        [.. Enumerable.Range(0, length).Select(i => (byte)(n * 31 + i))];

    /// <summary>The visible bytes of every file on both disks, by path: two equal fingerprints mean nothing changed.</summary>
    internal Dictionary<string, byte[]> Fingerprint()
    {
        var files = new Dictionary<string, byte[]>();
        foreach (string directory in new[] { PrimaryDirectory, SecondaryDirectory })
        {
            foreach (string name in Storage.ListFiles(directory))
            {
                if (name != SegmentFileName.LockFile)
                {
                    files[directory + "/" + name] = Storage.ReadFile(directory + "/" + name);
                }
            }
        }

        return files;
    }

    /// <summary>Appends records 1..<paramref name="count"/> (<paramref name="recordLength"/> bytes each) one frame at a time, then closes the log cleanly.</summary>
    internal async Task WriteRecords(int count, int recordLength)
    {
        await using DurableLog log = Open();
        for (int i = 1; i <= count; i++)
        {
            Assert.Equal(i, AppendNow(log, Record(i, recordLength)));
        }
    }

    /// <summary>The log holds exactly records 1..<paramref name="count"/>, each with the bytes <see cref="Record"/> gives.</summary>
    internal static void AssertRecords(DurableLog log, int count, int recordLength)
    {
        List<LogRecord> records = [.. log.ReadFrom(1)];
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.All(records, r => Assert.Equal(Record(r.Sequence, recordLength), r.Payload.ToArray()));
        Assert.Equal(count, log.LastSequence);
    }

    /// <summary>Two <see cref="Fingerprint"/>s name the same files with the same bytes.</summary>
    internal static void AssertSameFiles(Dictionary<string, byte[]> before, Dictionary<string, byte[]> after)
    {
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach ((string path, byte[] bytes) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(after[path]), path + " changed");
        }
    }
}
