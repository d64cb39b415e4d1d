using System.Globalization;
using System.Text;
using Durably.IO.Linux;

namespace Durably.Benchmarks;

/// <summary>
/// The log benchmark: appends per second and p50/p99 append latency for 1, 16, 256 and 1,024
/// concurrent appenders with 64-byte and 1 KiB records, next to the floor (one aligned pwrite +
/// fdatasync per copy) measured in the same run on the same directories.
/// <c>log [--primary DIR] [--secondary DIR] [--seconds S] [--quick]</c>; prints a Markdown table.
/// </summary>
public static class LogBenchmarkHarness
{
    /// <summary>Runs the benchmark and prints the table; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string root = Path.Combine(Path.GetTempPath(), "durably-log-bench");
        string primary = Option(args, "--primary") ?? Path.Combine(root, "primary");
        string secondary = Option(args, "--secondary") ?? Path.Combine(root, "secondary");
        double seconds = double.Parse(Option(args, "--seconds") ?? "2", CultureInfo.InvariantCulture);
        TimeSpan duration = TimeSpan.FromSeconds(seconds);
        TimeSpan warmup = TimeSpan.FromSeconds(Math.Min(1, seconds / 2));
        int[] concurrency = args.Contains("--quick") ? [1, 256] : [1, 16, 256, 1024];

        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"Directories: primary `{primary}`, secondary `{secondary}`; {seconds:F0} s per row after {warmup.TotalSeconds:F1} s warm-up.");
        output.AppendLine();
        output.AppendLine("| configuration | appenders | record | appends/s | p50 µs | p99 µs |");
        output.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");

        foreach (bool concurrent in new[] { false, true })
        {
            (double ops, double p50, double p99) = LogSyncFloor.Measure(Path.Combine(primary, "floor"), Path.Combine(secondary, "floor"), 4096, concurrent, duration);
            Row(output, concurrent ? "floor: 4 KiB O_DIRECT pwrite+fdatasync, both copies at once (2 threads)" : "floor: 4 KiB O_DIRECT pwrite+fdatasync, copy after copy", 1, 4096, ops, p50, p99);
        }

        foreach (int recordSize in new[] { 64, 1024 })
        {
            foreach (int appenders in concurrency)
            {
                LogRunResult result = LogAppendWorkload.Run(Options(primary, secondary), appenders, recordSize, warmup, duration).GetAwaiter().GetResult();
                Row(output, $"DurableLog ({result.Engine}, Parallel, verify on)", appenders, recordSize, result.AppendsPerSecond, result.P50Microseconds, result.P99Microseconds);
            }
        }

        // Variants at one appender (latency) and 256 appenders (throughput), 64-byte records.
        foreach (int appenders in new[] { 1, 256 })
        {
            LogOptions noVerify = Options(primary, secondary);
            noVerify.VerifyAfterWrite = false;
            Measure(output, "DurableLog (Portable, Parallel, verify off)", noVerify, appenders, warmup, duration);

            LogOptions sequential = Options(primary, secondary);
            sequential.CopyOrdering = LogCopyOrdering.Sequential;
            Measure(output, "DurableLog (Portable, Sequential chain, verify on)", sequential, appenders, warmup, duration);

            LogOptions oneThread = Options(primary, secondary);
            oneThread.CustomEngine = new PortableEngine(runChainsConcurrently: false);
            Measure(output, "DurableLog (Portable, Parallel chains run one after the other on the log thread)", oneThread, appenders, warmup, duration);
        }

        Console.Write(output.ToString());
        return 0;
    }

    private static void Measure(StringBuilder output, string name, LogOptions options, int appenders, TimeSpan warmup, TimeSpan duration)
    {
        LogRunResult result = LogAppendWorkload.Run(options, appenders, 64, warmup, duration).GetAwaiter().GetResult();
        Row(output, name, appenders, 64, result.AppendsPerSecond, result.P50Microseconds, result.P99Microseconds);
    }

    private static LogOptions Options(string primary, string secondary) => new()
    {
        PrimaryDirectory = Path.Combine(primary, "log"),
        SecondaryDirectory = Path.Combine(secondary, "log"),
        Engine = LogEngineKind.Auto,
    };

    private static void Row(StringBuilder output, string name, int appenders, int recordSize, double ops, double p50, double p99)
    {
        output.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {appenders} | {recordSize} B | {ops:N0} | {p50:N0} | {p99:N0} |");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}, {appenders} appenders, {recordSize} B: {ops:N0}/s p50 {p50:N0} µs p99 {p99:N0} µs"));
    }

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
