using System.Buffers;
using System.Globalization;
using System.Text;
using Durably.Runtime;
using Durably.Storage;

namespace Durably.Benchmarks;

/// <summary>
/// The store benchmark: ledger transfers per second and p50/p99 latency for 1, 16, 256 and 1,024
/// concurrent callers through the generated API (<c>TransferAsync</c>: encode, decode, append,
/// wait durable, apply), next to <see cref="DurableLog.AppendAsync"/> of the same record bytes
/// (the log alone), and next to SQLite doing the same transfers (WAL, synchronous=FULL, one
/// transaction per transfer), in one run on the same directories.
/// <c>store [--primary DIR] [--secondary DIR] [--seconds S] [--quick]</c>; prints a Markdown table.
/// </summary>
public static class StoreBenchmarkHarness
{
    private const int Accounts = 1000;
    private const decimal Balance = 1_000_000m;

    /// <summary>Runs the benchmark and prints the table; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string root = Path.Combine(Path.GetTempPath(), "durably-store-bench");
        string primary = Option(args, "--primary") ?? Path.Combine(root, "primary");
        string secondary = Option(args, "--secondary") ?? Path.Combine(root, "secondary");
        double seconds = double.Parse(Option(args, "--seconds") ?? "3", CultureInfo.InvariantCulture);
        TimeSpan duration = TimeSpan.FromSeconds(seconds);
        TimeSpan warmup = TimeSpan.FromSeconds(Math.Min(1, seconds / 2));
        int[] concurrency = args.Contains("--quick") ? [1, 256] : [1, 16, 256, 1024];

        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"Directories: primary `{primary}`, secondary `{secondary}`; {seconds:F0} s per row after {warmup.TotalSeconds:F1} s warm-up; {Accounts} accounts; SQLite {StoreSqliteLedger.Version}.");
        output.AppendLine();
        output.AppendLine("| what | callers | ops/s | p50 µs | p99 µs | alloc B/op |");
        output.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (int callers in concurrency)
        {
            (StoreRunResult store, string storeEngine) = MeasureStore(primary, secondary, callers, warmup, duration).GetAwaiter().GetResult();
            Row(output, $"Durably store: generated TransferAsync ({storeEngine}, two copies, verify on)", callers, store);
            (StoreRunResult log, string logEngine) = MeasureLog(primary, secondary, callers, warmup, duration).GetAwaiter().GetResult();
            Row(output, $"DurableLog.AppendAsync of the same record bytes ({logEngine}, two copies, verify on)", callers, log);
            Row(output, "SQLite 3 (WAL, synchronous=FULL, one transaction per transfer, one copy)", callers, MeasureSqlite(primary, callers, warmup, duration).GetAwaiter().GetResult());
        }

        Console.Write(output.ToString());
        return 0;
    }

    private static async Task<(StoreRunResult Result, string Engine)> MeasureStore(string primary, string secondary, int callers, TimeSpan warmup, TimeSpan duration)
    {
        DurableOptions options = Fresh(primary, secondary);
        await using StoreBenchmarkLedger ledger = await StoreBenchmarkLedger.OpenAsync(options);
        await Task.WhenAll(Enumerable.Range(0, Accounts).Select(i => ledger.OpenAccountAsync("a" + i, Balance).AsTask()));
        Transfers transfers = new(callers);
        StoreRunResult result = await StoreClosedLoop.Run(
            callers,
            async (caller, n) =>
            {
                (string id, string from, string to, decimal amount) = transfers.Next(caller, n);
                await ledger.TransferAsync(id, from, to, amount);
            },
            warmup,
            duration);
        return (result, ledger.DurableStatus.Log.EngineName);
    }

    private static async Task<(StoreRunResult Result, string Engine)> MeasureLog(string primary, string secondary, int callers, TimeSpan warmup, TimeSpan duration)
    {
        DurableOptions options = Fresh(primary, secondary);
        await using DurableLog log = await DurableLog.OpenAsync(options.Log);

        // The records the store would write for the same transfers, encoded ahead of the run.
        Transfers transfers = new(callers);
        byte[][][] records = [.. Enumerable.Range(0, callers).Select(caller => Enumerable.Range(0, 256).Select(n => Encode(transfers.Next(caller, n))).ToArray())];
        StoreRunResult result = await StoreClosedLoop.Run(
            callers,
            async (caller, n) => await log.AppendAsync(records[caller][n & 255]),
            warmup,
            duration);
        return (result, log.Status.EngineName);
    }

    private static async Task<StoreRunResult> MeasureSqlite(string primary, int callers, TimeSpan warmup, TimeSpan duration)
    {
        string directory = Path.Combine(primary, "sqlite");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        await using StoreSqliteLedger ledger = StoreSqliteLedger.Create(Path.Combine(directory, "ledger.db"), Accounts, Balance);
        Transfers transfers = new(callers);
        StoreRunResult result = await StoreClosedLoop.Run(
            callers,
            async (caller, n) =>
            {
                (string id, string from, string to, decimal amount) = transfers.Next(caller, n);
                await ledger.TransferAsync(id, from, to, amount);
            },
            warmup,
            duration);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return result;
    }

    /// <summary>The transfer record as the generated formatter writes it: ["transfer", id, from, to, amount].</summary>
    private static byte[] Encode((string Id, string From, string To, decimal Amount) transfer)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(5);
        writer.Write("transfer");
        writer.Write(transfer.Id);
        writer.Write(transfer.From);
        writer.Write(transfer.To);
        MessagePackFormatters.Get<decimal>().Serialize(ref writer, transfer.Amount);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

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

    private static void Row(StringBuilder output, string name, int callers, StoreRunResult result)
    {
        output.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {callers} | {result.OperationsPerSecond:N0} | {result.P50Microseconds:N0} | {result.P99Microseconds:N0} | {result.AllocatedBytesPerOperation:N0} |");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}, {callers} callers: {result.OperationsPerSecond:N0}/s p50 {result.P50Microseconds:N0} µs p99 {result.P99Microseconds:N0} µs"));
    }

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>Random transfers between the ledger's accounts, amounts 1..200, ids unique per caller and number.</summary>
    private sealed class Transfers(int callers)
    {
        private readonly Random[] _random = [.. Enumerable.Range(0, callers).Select(c => new Random(c))];

        public (string Id, string From, string To, decimal Amount) Next(int caller, long n)
        {
            Random random = _random[caller];
            int from = random.Next(Accounts);
            int to = (from + 1 + random.Next(Accounts - 1)) % Accounts;
            return (caller.ToString(CultureInfo.InvariantCulture) + "-" + n.ToString(CultureInfo.InvariantCulture), "a" + from, "a" + to, random.Next(1, 201));
        }
    }
}
