using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Durably.Benchmarks;

/// <summary>
/// Snapshots, measured: recovery time and log bytes after N operations with and without snapshots;
/// the pause a snapshot imposes on applies (the in-memory serialization) for states of a given size;
/// store throughput while snapshots are being taken against none. Prints markdown tables.
/// </summary>
public static class SnapshotBenchmarkHarness
{
    private const int Accounts = 1000;
    private const int Callers = 256;
    private const int EntryLength = 100;
    private const int EntriesPerFill = 10_000;

    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string root = Option(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "durably-snapshot-bench");
        long[] operations = [.. (Option(args, "--ops") ?? "100000,1000000").Split(',').Select(o => long.Parse(o, CultureInfo.InvariantCulture))];
        int[] megabytes = [.. (Option(args, "--state-mb") ?? "10,100").Split(',').Select(m => int.Parse(m, CultureInfo.InvariantCulture))];
        double seconds = double.Parse(Option(args, "--seconds") ?? "5", CultureInfo.InvariantCulture);
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"Directory `{root}` (both copies under it); {Callers} concurrent callers; {Accounts} accounts.");
        output.AppendLine();
        output.AppendLine("### Recovery time and log bytes after N operations");
        output.AppendLine();
        output.AppendLine("| operations | snapshots | write ops/s | log bytes (primary: segments + snapshots) | recovery ms | recovered from snapshot at | records replayed |");
        output.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (long count in operations)
        {
            foreach (bool snapshots in new[] { false, true })
            {
                RecoveryRow(output, root, count, snapshots).GetAwaiter().GetResult();
                Console.Error.WriteLine(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
            }
        }

        output.AppendLine();
        output.AppendLine("### Pause of applies per snapshot (serializing the state on the apply thread)");
        output.AppendLine();
        output.AppendLine("| state (serialized) | pause ms | pause ms per MB | snapshot durable in both copies after ms |");
        output.AppendLine("| ---: | ---: | ---: | ---: |");
        foreach (int size in megabytes)
        {
            PauseRow(output, root, size).GetAwaiter().GetResult();
            Console.Error.WriteLine(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        }

        output.AppendLine();
        output.AppendLine(CultureInfo.InvariantCulture, $"### Throughput while snapshots are taken ({seconds:F0} s per row, state of about 10 MB)");
        output.AppendLine();
        output.AppendLine("| snapshots | ops/s | p50 µs | p99 µs | snapshots taken |");
        output.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        // The record trigger with the default log-to-snapshot ratio (1) and without it (0): what the
        // ratio saves when the state is large against the records.
        foreach ((long every, double ratio) in new (long, double)[] { (0, 0), (SnapshotPolicy.DefaultRecordsBetweenSnapshots, SnapshotPolicy.DefaultLogToSnapshotRatio), (SnapshotPolicy.DefaultRecordsBetweenSnapshots, 0), (20_000, SnapshotPolicy.DefaultLogToSnapshotRatio), (20_000, 0) })
        {
            ThroughputRow(output, root, every, ratio, TimeSpan.FromSeconds(seconds)).GetAwaiter().GetResult();
            Console.Error.WriteLine(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        }

        Console.Write(output.ToString());
        return 0;
    }

    private static async Task RecoveryRow(StringBuilder output, string root, long count, bool snapshots)
    {
        DurableOptions Options() => Fresh(root, clear: false, snapshots
            ? new SnapshotPolicy { RecordsBetweenSnapshots = SnapshotPolicy.DefaultRecordsBetweenSnapshots, OnDispose = false }
            : SnapshotPolicy.Manual);
        _ = Fresh(root, clear: true, SnapshotPolicy.Manual);
        var write = Stopwatch.StartNew();
        await using (SnapshotBenchmarkState state = await SnapshotBenchmarkState.OpenAsync(Options()))
        {
            await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
            {
                var random = new Random(caller);
                for (long n = caller; n < count; n += Callers)
                {
                    await state.MoveAsync(random.Next(Accounts), random.Next(Accounts), random.Next(1, 200));
                }
            })));
        }

        write.Stop();
        long bytes = LogBytes(Path.Combine(root, "primary"));
        var recovery = Stopwatch.StartNew();
        await using SnapshotBenchmarkState recovered = await SnapshotBenchmarkState.OpenAsync(Options());
        recovery.Stop();
        DurableStoreStatus status = recovered.DurableStatus;
        if (status.LastAppliedSequence != count || recovered.Read(s => s.Total) != 0)
        {
            throw new InvalidOperationException($"recovered {status.LastAppliedSequence} of {count} operations");
        }

        output.AppendLine(CultureInfo.InvariantCulture,
            $"| {count:N0} | {(snapshots ? "every 100,000 records" : "none")} | {count / write.Elapsed.TotalSeconds:N0} | {bytes:N0} | {recovery.Elapsed.TotalMilliseconds:N0} | {(status.RecoveredSnapshotSequence == 0 ? "-" : status.RecoveredSnapshotSequence.ToString("N0", CultureInfo.InvariantCulture))} | {status.ReplayedRecords:N0} |");
    }

    private static async Task PauseRow(StringBuilder output, string root, int megabytes)
    {
        DurableOptions options = Fresh(root, clear: true, SnapshotPolicy.Manual);
        await using SnapshotBenchmarkState state = await SnapshotBenchmarkState.OpenAsync(options);
        long bytesPerFill = EntriesPerFill * (long)(EntryLength + 8);
        long fills = Math.Max(1, megabytes * (1L << 20) / bytesPerFill);
        for (long f = 0; f < fills; f++)
        {
            await state.FillAsync(f * EntriesPerFill, EntriesPerFill, EntryLength);
        }

        // A first snapshot warms the serialization code up (tiered JIT); the second is measured.
        _ = await state.SnapshotAsync();
        await state.FillAsync(fills * EntriesPerFill, 1, EntryLength);
        var total = Stopwatch.StartNew();
        long sequence = await state.SnapshotAsync();
        total.Stop();
        double serializedMb = new FileInfo(Path.Combine(options.PrimaryDirectory, "snap-" + sequence.ToString("D20", CultureInfo.InvariantCulture) + ".snap")).Length / (double)(1 << 20);
        double pause = state.DurableStatus.LastSnapshotPause.TotalMilliseconds;
        output.AppendLine(CultureInfo.InvariantCulture,
            $"| {serializedMb:F1} MB ({state.Read(s => s.EntryCount):N0} entries) | {pause:F1} | {pause / serializedMb:F2} | {total.Elapsed.TotalMilliseconds:N0} |");
    }

    private static async Task ThroughputRow(StringBuilder output, string root, long every, double ratio, TimeSpan duration)
    {
        SnapshotPolicy policy = every == 0 ? SnapshotPolicy.Manual : new SnapshotPolicy { RecordsBetweenSnapshots = every, LogBytesBetweenSnapshots = 0, OnDispose = false, LogToSnapshotRatio = ratio };
        await using SnapshotBenchmarkState state = await SnapshotBenchmarkState.OpenAsync(Fresh(root, clear: true, policy));
        for (long f = 0; f < 9; f++)
        {
            await state.FillAsync(f * EntriesPerFill, EntriesPerFill, EntryLength);
        }

        long before = state.DurableStatus.SnapshotSequence;
        int taken = 0;
        using var stop = new CancellationTokenSource();
        Task watcher = Task.Run(async () =>
        {
            long seen = before;
            while (!stop.IsCancellationRequested)
            {
                long now = state.DurableStatus.SnapshotSequence;
                if (now != seen)
                {
                    taken++;
                    seen = now;
                }

                await Task.Delay(5, CancellationToken.None);
            }
        });
        StoreRunResult result = await StoreClosedLoop.Run(
            Callers,
            (caller, n) => state.MoveAsync((int)((caller + n) % Accounts), (int)((caller * 7 + n) % Accounts), 1),
            TimeSpan.FromSeconds(1),
            duration);
        await stop.CancelAsync();
        await watcher;
        output.AppendLine(CultureInfo.InvariantCulture,
            $"| {(every == 0 ? "none" : $"every {every:N0} records, log-to-snapshot ratio {ratio:0.#}")} | {result.OperationsPerSecond:N0} | {result.P50Microseconds:N0} | {result.P99Microseconds:N0} | {taken} |");
    }

    private static DurableOptions Fresh(string root, bool clear, SnapshotPolicy policy)
    {
        var options = new DurableOptions
        {
            PrimaryDirectory = Path.Combine(root, "primary"),
            SecondaryDirectory = Path.Combine(root, "secondary"),
            Snapshots = policy,
        };
        foreach (string directory in new[] { options.PrimaryDirectory, options.SecondaryDirectory! })
        {
            if (clear && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        return options;
    }

    private static long LogBytes(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles()
            .Where(f => f.Name.EndsWith(".seg", StringComparison.Ordinal) || f.Name.EndsWith(".snap", StringComparison.Ordinal))
            .Sum(f => f.Length);

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
