using System.Globalization;
using Durably.Storage.Tests.Campaign;

namespace Durably.Storage.Tests.Processes;

/// <summary>
/// The child of the real-file crash campaign: opens a log on real directories with the engine named on its command
/// line, prints <c>opened engine=&lt;name&gt; last=&lt;last sequence&gt;</c>, then runs concurrent appenders that append
/// <see cref="KilledAppenderRecords"/> until the process is killed. Each appender awaits an append and prints its
/// <see cref="AcknowledgedAppend"/> line (flushed) before starting the next, so at any moment an appender has at most
/// one append whose outcome its parent cannot know. Beside them, it writes snapshots every few milliseconds. Exits by itself only if its standard input closes (the parent
/// is gone) or after <see cref="MaxAppendsPerAppender"/> appends per appender.
/// </summary>
internal static class AppendUntilKilledProcess
{
    /// <summary>The command-line verb that runs this process.</summary>
    internal const string Verb = "append-until-killed";

    /// <summary>Exit code when the parent went away (standard input closed).</summary>
    internal const int ParentGoneExitCode = 3;

    /// <summary>Exit code when the appenders ran out of appends without being killed.</summary>
    internal const int NotKilledExitCode = 4;

    /// <summary>Count of command-line arguments after the verb.</summary>
    internal const int ArgumentCount = 8;

    /// <summary>Small segments, so a few hundred appends cross several of them.</summary>
    private const long SegmentSize = 64 * 1024;

    private const long MaxAppendsPerAppender = 100_000;

    /// <summary>The options the child and its parent both open the log with.</summary>
    internal static LogOptions Options(string primary, string secondary, LogEngineKind engine, LogCopyOrdering ordering, bool verify) => new()
    {
        PrimaryDirectory = primary,
        SecondaryDirectory = secondary,
        SegmentSize = SegmentSize,
        Engine = engine,
        CopyOrdering = ordering,
        VerifyAfterWrite = verify,
        SpaceRetryInterval = TimeSpan.Zero,
    };

    /// <summary>The arguments (after the test assembly) that start this process.</summary>
    internal static string[] Arguments(LogOptions options, int seed, int round, int appenders) =>
    [
        Verb,
        options.PrimaryDirectory,
        options.SecondaryDirectory ?? throw new ArgumentException("the campaign needs two copies", nameof(options)),
        EngineName(options.Engine),
        options.CopyOrdering == LogCopyOrdering.Sequential ? "sequential" : "parallel",
        options.VerifyAfterWrite ? "verify" : "no-verify",
        seed.ToString(CultureInfo.InvariantCulture),
        round.ToString(CultureInfo.InvariantCulture),
        appenders.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>The engine's name as <see cref="LogStatus.EngineName"/> reports it, and as this process's command line takes it.</summary>
    internal static string EngineName(LogEngineKind engine) => engine switch
    {
        LogEngineKind.IoUring => "io_uring",
        LogEngineKind.Portable => "portable",
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "the campaign names its engine"),
    };

    /// <summary>The first line the child prints, once its log is open.</summary>
    internal static string OpenedLine(string engine, long lastSequence) =>
        string.Create(CultureInfo.InvariantCulture, $"opened engine={engine} last={lastSequence}");

    /// <summary>Runs the child; <paramref name="arguments"/> are those after the verb.</summary>
    internal static int Run(string[] arguments)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(arguments.Length, ArgumentCount);
        LogEngineKind engine = arguments[2] switch
        {
            "io_uring" => LogEngineKind.IoUring,
            "portable" => LogEngineKind.Portable,
            _ => throw new ArgumentException("unknown engine " + arguments[2], nameof(arguments)),
        };
        LogOptions options = Options(arguments[0], arguments[1], engine, arguments[3] == "sequential" ? LogCopyOrdering.Sequential : LogCopyOrdering.Parallel, arguments[4] == "verify");
        int seed = int.Parse(arguments[5], CultureInfo.InvariantCulture);
        int round = int.Parse(arguments[6], CultureInfo.InvariantCulture);
        int appenders = int.Parse(arguments[7], CultureInfo.InvariantCulture);

        _ = Task.Run(() =>
        {
            _ = Console.In.ReadToEnd();
            Environment.Exit(ParentGoneExitCode);
        });

        DurableLog log = DurableLog.OpenAsync(options).AsTask().GetAwaiter().GetResult();
        Console.WriteLine(OpenedLine(log.Status.EngineName, log.LastSequence));
        Console.Out.Flush();
        // Snapshots of the whole record state every few milliseconds, beside the appenders, so that kills land while
        // snapshots are written, verified and renamed and while older snapshots and segments are deleted.
        var snapshots = new Thread(() => SnapshotUntilKilled(log, new Random(seed + round))) { IsBackground = true, Name = "snapshots" };
        snapshots.Start();
        Task[] running = [.. Enumerable.Range(0, appenders).Select(appender => Task.Run(async () =>
        {
            for (long ordinal = 0; ordinal < MaxAppendsPerAppender; ordinal++)
            {
                long id = KilledAppenderRecords.Id(round, appender, ordinal);
                long sequence = await log.AppendAsync(KilledAppenderRecords.Create(seed, id));
                Console.WriteLine(new AcknowledgedAppend(sequence, id).Format());
                Console.Out.Flush();
            }
        }))];
        Task.WaitAll(running);
        log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return NotKilledExitCode;
    }

    /// <summary>Writes a snapshot (every record so far, as the fault campaign encodes them) every 2 to 30 ms until the process dies.</summary>
    private static void SnapshotUntilKilled(DurableLog log, Random random)
    {
        List<byte[]> state = [.. CampaignModel.RecoveredRecords(log).Select(r => r.Payload.ToArray())];
        while (true)
        {
            Thread.Sleep(random.Next(2, 30));
            List<byte[]> records = [.. state, .. log.ReadFrom(state.Count + 1).Select(r => r.Payload.ToArray())];
            if (records.Count > state.Count)
            {
                log.WriteSnapshot(records.Count, CampaignModel.EncodeState(records));
                state = records;
            }
        }
    }
}
