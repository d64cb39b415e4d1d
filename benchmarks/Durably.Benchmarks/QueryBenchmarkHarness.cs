using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Durably.Benchmarks;

/// <summary>
/// The query benchmark: reads per second through a generated query (<c>BalanceOf</c>, which takes
/// the store's read lock) by 1 and several reader threads, with no writers and with concurrent
/// writers running <c>TransferAsync</c>, next to the floor (the same lookup in a plain dictionary,
/// no lock, not durable), and the bytes each read allocates.
/// <c>queries [--seconds S] [--readers N] [--writers W] [--primary DIR --secondary DIR]</c>; prints a Markdown table.
/// </summary>
public static class QueryBenchmarkHarness
{
    private const int Accounts = 1000;
    private const decimal Balance = 1_000_000m;

    /// <summary>Runs the benchmark and prints the table; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string root = Path.Combine(Path.GetTempPath(), "durably-query-bench");
        string primary = Option(args, "--primary") ?? Path.Combine(root, "primary");
        string secondary = Option(args, "--secondary") ?? Path.Combine(root, "secondary");
        double seconds = double.Parse(Option(args, "--seconds") ?? "2", CultureInfo.InvariantCulture);
        int readers = int.Parse(Option(args, "--readers") ?? "4", CultureInfo.InvariantCulture);
        int writers = int.Parse(Option(args, "--writers") ?? "16", CultureInfo.InvariantCulture);
        TimeSpan duration = TimeSpan.FromSeconds(seconds);

        string[] names = [.. Enumerable.Range(0, Accounts).Select(i => "a" + i.ToString(CultureInfo.InvariantCulture))];
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"{seconds:F0} s per row; {Accounts} accounts; {Environment.ProcessorCount} logical CPUs.");
        output.AppendLine();
        output.AppendLine("| what | reader threads | writers | reads/s | writes/s | alloc B/read |");
        output.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");

        var plain = names.ToDictionary(name => name, _ => Balance, StringComparer.Ordinal);
        foreach (int threads in new[] { 1, readers })
        {
            ReadResult floor = MeasureReads(threads, duration, name => plain.GetValueOrDefault(name), names);
            Row(output, "floor: plain Dictionary lookup, no lock (not durable)", threads, 0, floor, 0);
        }

        RunStore(primary, secondary, names, readers, writers, duration, output).GetAwaiter().GetResult();
        Console.Write(output.ToString());
        return 0;
    }

    private static async Task RunStore(string primary, string secondary, string[] names, int readers, int writers, TimeSpan duration, StringBuilder output)
    {
        await using StoreBenchmarkLedger ledger = await StoreBenchmarkLedger.OpenAsync(Fresh(primary, secondary));
        await Task.WhenAll(names.Select(name => ledger.OpenAccountAsync(name, Balance).AsTask()));
        foreach (int threads in new[] { 1, readers })
        {
            foreach (int writerCount in new[] { 0, writers })
            {
                using var stop = new CancellationTokenSource();
                long writes = 0;
                Task[] writerTasks = [.. Enumerable.Range(0, writerCount).Select(writer => Task.Run(async () =>
                {
                    var random = new Random(writer);
                    long n = 0;
                    while (!stop.IsCancellationRequested)
                    {
                        string id = string.Create(CultureInfo.InvariantCulture, $"{writer}-{threads}-{n++}");
                        await ledger.TransferAsync(id, names[random.Next(Accounts)], names[random.Next(Accounts)], random.Next(1, 200));
                        Interlocked.Increment(ref writes);
                    }
                }))];

                long writesBefore = Interlocked.Read(ref writes);
                ReadResult result = MeasureReads(threads, duration, ledger.BalanceOf, names);
                long written = Interlocked.Read(ref writes) - writesBefore;
                await stop.CancelAsync();
                await Task.WhenAll(writerTasks);
                Row(output, $"generated query BalanceOf (read lock; {ledger.DurableStatus.Log.EngineName}, two copies)", threads, writerCount, result, written / result.Seconds);
            }
        }

        // Every transfer moves money between accounts: the total is what was deposited.
        if (ledger.Total != Accounts * Balance)
        {
            throw new InvalidOperationException("The ledger's total changed: " + ledger.Total.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Runs <paramref name="threads"/> dedicated reader threads for <paramref name="duration"/>.</summary>
    private static ReadResult MeasureReads(int threads, TimeSpan duration, Func<string, decimal> read, string[] names)
    {
        long reads = 0;
        long allocated = 0;
        decimal sink = 0;
        using var start = new Barrier(threads + 1);
        var stopwatch = new Stopwatch();
        long deadline = 0;
        Thread[] readers = [.. Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            // Warm the path before measuring, so tier-up allocations are not counted.
            decimal local = 0;
            for (int i = 0; i < 10_000; i++)
            {
                local += read(names[i % Accounts]);
            }

            start.SignalAndWait();
            long count = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            while (Stopwatch.GetTimestamp() < Volatile.Read(ref deadline))
            {
                for (int i = 0; i < 256; i++)
                {
                    local += read(names[(int)((count + i) % Accounts)]);
                }

                count += 256;
            }

            Interlocked.Add(ref allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            Interlocked.Add(ref reads, count);
            lock (names)
            {
                sink += local;
            }
        })
        { IsBackground = true })];

        foreach (Thread reader in readers)
        {
            reader.Start();
        }

        Volatile.Write(ref deadline, long.MaxValue);
        start.SignalAndWait();
        stopwatch.Start();
        Volatile.Write(ref deadline, Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        foreach (Thread reader in readers)
        {
            reader.Join();
        }

        stopwatch.Stop();
        GC.KeepAlive(sink);
        return new ReadResult(reads, stopwatch.Elapsed.TotalSeconds, reads == 0 ? 0 : (double)allocated / reads);
    }

    private static void Row(StringBuilder output, string what, int threads, int writers, ReadResult result, double writesPerSecond) =>
        output.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {threads} | {writers} | {result.Reads / result.Seconds:N0} | {(writers == 0 ? "-" : writesPerSecond.ToString("N0", CultureInfo.InvariantCulture))} | {result.AllocatedPerRead:F2} |");

    private static DurableOptions Fresh(string primary, string secondary)
    {
        var options = new DurableOptions
        {
            PrimaryDirectory = Path.Combine(primary, "log"),
            SecondaryDirectory = Path.Combine(secondary, "log"),
        };
        foreach (string directory in new[] { options.PrimaryDirectory, options.SecondaryDirectory! })
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        return options;
    }

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private readonly record struct ReadResult(long Reads, double Seconds, double AllocatedPerRead);
}
