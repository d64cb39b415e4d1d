using System.Diagnostics;
using System.Globalization;
using Durably.Storage;

namespace Durably.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Durably.Benchmarks -- --engines [--seconds S] [--dir D] [--record-bytes 64,1024] [--frames-in-flight N]</c>:
/// io_uring vs Portable vs the floor (<see cref="IoUringFloorWriter"/>) on the same directories with the same
/// record sizes as the log benchmark, in one run: single-appender latency, throughput with 1/16/256/1024
/// appenders, appends per group commit, process CPU time per append and per commit, Parallel vs Sequential
/// copy ordering, verify-after-write on and off. Prints a Markdown table.
/// A plain closed-loop harness rather than BenchmarkDotNet: the quantities are whole-system latencies and
/// rates under concurrency, which BenchmarkDotNet's per-invocation model does not express.
/// </summary>
internal static class IoUringEngineBenchmark
{
    private const long SegmentSize = 32L << 20;
    private static readonly int[] AppenderCounts = [1, 16, 256, 1024];

    internal static int Run(string[] args)
    {
        double seconds = Option(args, "--seconds", 2.0);
        int framesInFlight = (int)Option(args, "--frames-in-flight", 0);
        int[] recordSizes = [.. (OptionText(args, "--record-bytes") ?? "64,1024").Split(',').Select(size => int.Parse(size, CultureInfo.InvariantCulture))];
        string root = Path.Combine(OptionText(args, "--dir") ?? Path.GetTempPath(), "durably-engines-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        TimeSpan duration = TimeSpan.FromSeconds(seconds);
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"# engines benchmark: {string.Join(" and ", recordSizes)}-byte records, {seconds} s per cell, directories under {root}, "
            + $"frames in flight {(framesInFlight == 0 ? "the log's default" : framesInFlight)}; load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine();
        try
        {
            string[] copies = [Path.Combine(root, "primary"), Path.Combine(root, "secondary")];
            foreach (string copy in copies)
            {
                Directory.CreateDirectory(copy);
            }

            Console.WriteLine("| Configuration | Record B | Appenders | Appends/s | p50 µs | p99 µs | Appends/commit | CPU µs/append | CPU µs/commit |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            using (var floor = new IoUringFloorWriter([.. copies.Select(c => Path.Combine(c, "floor.dat"))], 64L << 20, 4096))
            {
                // One 4 KiB block per copy: the frame of a one-record commit of either record size.
                Print("floor: pwrite + fdatasync per copy, sequential", 4096, 1, MeasureFloor(floor, duration));
            }

            foreach (int recordSize in recordSizes)
            {
                foreach (bool verify in new[] { true, false })
                {
                    foreach (LogCopyOrdering ordering in new[] { LogCopyOrdering.Parallel, LogCopyOrdering.Sequential })
                    {
                        foreach (LogEngineKind engine in new[] { LogEngineKind.IoUring, LogEngineKind.Portable })
                        {
                            string name = string.Create(CultureInfo.InvariantCulture, $"{engine}, {ordering}, verify {(verify ? "on" : "off")}");
                            string directory = Path.Combine(root, $"{engine}-{ordering}-{verify}-{recordSize}");
                            RunLog(name, directory, engine, ordering, verify, recordSize, duration, ordering == LogCopyOrdering.Parallel ? AppenderCounts : [1, 256], framesInFlight);
                            Directory.Delete(directory, recursive: true);
                        }
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine($"total {clock.Elapsed.TotalSeconds:F0} s; load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void RunLog(
        string name, string directory, LogEngineKind engine, LogCopyOrdering ordering, bool verify, int recordSize, TimeSpan duration, int[] appenderCounts, int framesInFlight)
    {
        var options = new LogOptions
        {
            PrimaryDirectory = Path.Combine(directory, "primary"),
            SecondaryDirectory = Path.Combine(directory, "secondary"),
            SegmentSize = SegmentSize,
            Engine = engine,
            CopyOrdering = ordering,
            VerifyAfterWrite = verify,
            FramesInFlight = framesInFlight,
        };
        DurableLog log = DurableLog.OpenAsync(options).AsTask().GetAwaiter().GetResult();
        try
        {
            string engineName = log.Status.EngineName;
            byte[] record = new byte[recordSize];
            Array.Fill(record, (byte)'r');
            _ = MeasureLog(log, record, 16, TimeSpan.FromSeconds(0.5)); // warm-up (JIT, page cache, ring), not printed
            foreach (int appenders in appenderCounts)
            {
                Print(name + " [" + engineName + "]", recordSize, appenders, MeasureLog(log, record, appenders, duration));
            }
        }
        finally
        {
            log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static Measurement MeasureFloor(IoUringFloorWriter floor, TimeSpan duration)
    {
        var latencies = new List<long>(100_000);
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            long start = Stopwatch.GetTimestamp();
            floor.Commit();
            latencies.Add(Stopwatch.GetTimestamp() - start);
        }

        return Measurement.From(latencies, latencies.Count, clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpuBefore);
    }

    private static Measurement MeasureLog(DurableLog log, byte[] record, int appenders, TimeSpan duration)
    {
        var perAppender = new List<long>[appenders];
        long commitsBefore = log.Status.CommitCount;
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Task[] workers = [.. Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
        {
            var latencies = new List<long>();
            perAppender[a] = latencies;
            while (clock.Elapsed < duration)
            {
                long start = Stopwatch.GetTimestamp();
                _ = await log.AppendAsync(record).ConfigureAwait(false);
                latencies.Add(Stopwatch.GetTimestamp() - start);
            }
        }))];
        Task.WaitAll(workers);
        TimeSpan elapsed = clock.Elapsed;
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return Measurement.From([.. perAppender.SelectMany(l => l)], log.Status.CommitCount - commitsBefore, elapsed, cpu);
    }

    private static void Print(string name, int recordSize, int appenders, Measurement m) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {recordSize} | {appenders} | {m.PerSecond:F0} | {m.P50Microseconds:F0} | {m.P99Microseconds:F0} | {m.OperationsPerCommit:F1} | {m.CpuMicrosecondsPerOperation:F1} | {m.CpuMicrosecondsPerCommit:F1} |"));

    private static double Option(string[] args, string name, double fallback) =>
        OptionText(args, name) is string text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private readonly record struct Measurement(
        double PerSecond, double P50Microseconds, double P99Microseconds, double OperationsPerCommit, double CpuMicrosecondsPerOperation, double CpuMicrosecondsPerCommit)
    {
        internal static Measurement From(List<long> ticks, long commits, TimeSpan elapsed, TimeSpan cpu)
        {
            ticks.Sort();
            double toMicroseconds = 1e6 / Stopwatch.Frequency;
            double Percentile(double p) => ticks.Count == 0 ? 0 : ticks[Math.Min(ticks.Count - 1, (int)(p * ticks.Count))] * toMicroseconds;
            return new Measurement(
                ticks.Count / elapsed.TotalSeconds,
                Percentile(0.50),
                Percentile(0.99),
                commits == 0 ? 0 : (double)ticks.Count / commits,
                ticks.Count == 0 ? 0 : cpu.TotalMicroseconds / ticks.Count,
                commits == 0 ? 0 : cpu.TotalMicroseconds / commits);
        }
    }
}
