using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Durably.Runtime;
using Durably.Storage;

namespace Durably.Benchmarks;

/// <summary>
/// The store benchmark: ledger transfers per second and p50/p99 latency for 1, 16, 256 and 1,024
/// concurrent callers through the generated API (<c>TransferAsync</c>: encode, decode, append,
/// wait durable, apply), next to <see cref="DurableLog.AppendAsync"/> of the same record bytes
/// (the log alone), SQLite doing the same transfers (WAL, synchronous=FULL, one transaction per
/// transfer), FasterLog appending the same record bytes, and PostgreSQL doing the same transfers
/// in a temporary cluster (fsync=on, synchronous_commit=on), with the raw floor of the promise
/// (two 4 KiB O_DIRECT writes in parallel, each fdatasynced and read back) measured before each
/// caller count — all in one run on the same directories. Prints the full table and the
/// comparison table with its ratios, and draws the plots into <c>benchmarks/results/</c>.
/// Options: <see cref="StoreBenchmarkOptions.Usage"/>.
/// </summary>
public static class StoreBenchmarkHarness
{
    private const int Accounts = 1000;
    private const decimal Balance = 1_000_000m;
    private const int FloorBlockSize = 4096;

    /// <summary>Runs the benchmark and prints the tables; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        StoreBenchmarkOptions options;
        try
        {
            options = StoreBenchmarkOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        string started = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        string loadBefore = BenchmarkMachine.LoadAverage();
        Console.Error.WriteLine($"store benchmark: callers {string.Join(", ", options.Callers)}; systems {string.Join(", ", options.Systems.Order())}; {options.Duration.TotalSeconds:0.#} s per row after {options.Warmup.TotalSeconds:0.#} s warm-up; load average {loadBefore}");
        var report = new StoreBenchmarkReport();
        var versions = new List<string>();
        var loadAfterEachCallerCount = new List<string>();
        PostgresTemporaryCluster? postgres = null;
        ConsoleCancelEventHandler stopPostgres = (_, _) => postgres?.Dispose();
        Console.CancelKeyPress += stopPostgres;
        try
        {
            if (options.Systems.Contains(StoreBenchmarkSystem.Postgres))
            {
                postgres = PostgresTemporaryCluster.Start(Path.Combine(options.Primary, "postgres"));
                versions.Add($"{postgres.Version} (Npgsql {PackageVersion("Npgsql")}, pool of {StorePostgresLedger.PoolSize} connections)");
            }

            if (options.Systems.Contains(StoreBenchmarkSystem.Sqlite))
            {
                versions.Add($"SQLite {StoreSqliteLedger.Version}");
            }

            if (options.Systems.Contains(StoreBenchmarkSystem.FasterLog))
            {
                versions.Add($"Microsoft.FASTER.Core {PackageVersion("Microsoft.FASTER.Core")}");
            }

            foreach (int callers in options.Callers)
            {
                // Rounds alternate the systems, so a slow spell of the machine falls on all of them.
                for (int round = 1; round <= options.Rounds; round++)
                {
                    MeasureCallers(options, callers, round, postgres, report);
                }

                loadAfterEachCallerCount.Add($"{callers}: {BenchmarkMachine.LoadAverage().Split(' ')[0]}");
            }
        }
        finally
        {
            postgres?.Dispose();
            Console.CancelKeyPress -= stopPostgres;
        }

        string loadAfter = BenchmarkMachine.LoadAverage();
        string machine = BenchmarkMachine.Describe();
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"Store benchmark, {started}: {machine}.");
        output.AppendLine(CultureInfo.InvariantCulture, $"Load average (1, 5, 15 min) {loadBefore} before the run and {loadAfter} after it, on {Environment.ProcessorCount} CPUs; 1-minute load after each caller count's rows: {string.Join(", ", loadAfterEachCallerCount)}.");
        output.AppendLine(CultureInfo.InvariantCulture, $"Directories: primary `{options.Primary}` ({BenchmarkMachine.StorageOf(options.Primary)}), secondary `{options.Secondary}` ({BenchmarkMachine.StorageOf(options.Secondary)}); {options.Duration.TotalSeconds:0.#} s per row after {options.Warmup.TotalSeconds:0.#} s warm-up; {Accounts} accounts; {string.Join("; ", versions)}.");
        if (options.Rounds > 1)
        {
            output.AppendLine(CultureInfo.InvariantCulture, $"Every row measured {options.Rounds} times, the systems taking turns within each caller count; the comparison table and the plots show medians, and each ratio is the median of the ratios within each round, with their range.");
        }

        output.AppendLine();
        output.Append(report.ComparisonTable());
        output.AppendLine();
        output.Append(report.FullTable());
        foreach (string note in report.Notes)
        {
            output.AppendLine();
            output.AppendLine(note);
        }
        if (options.Systems.Contains(StoreBenchmarkSystem.FasterLog))
        {
            output.AppendLine();
            output.AppendLine("FasterLog on Linux writes through ManagedLocalStorageDevice: files opened with O_SYNC (FileOptions.WriteThrough), no O_DIRECT, no fsync or fdatasync; one copy.");
        }

        Console.Write(output.ToString());
        if (options.ResultsDirectory is null)
        {
            return 0;
        }

        string rounds = options.Rounds > 1 ? string.Create(CultureInfo.InvariantCulture, $", median of {options.Rounds} rounds") : string.Empty;
        string caption = $"{machine}\nload average {loadBefore} before, {loadAfter} after; {started}; {options.Duration.TotalSeconds:0.#} s per point{rounds}";
        try
        {
            IReadOnlyList<string> files = StoreBenchmarkPlots.Write(report, options.ResultsDirectory, caption, options.VerifyAfterWrite, options.PngPlots);
            Console.WriteLine();
            Console.WriteLine("Plots: " + string.Join(", ", files));
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine("The plots could not be drawn: " + e.Message);
            return 1;
        }
    }

    private static void MeasureCallers(StoreBenchmarkOptions options, int callers, int round, PostgresTemporaryCluster? postgres, StoreBenchmarkReport report)
    {
        void Add(StoreBenchmarkSystem system, string description, StoreRunResult result) => AddRow(report, system, description, callers, (round, options.Rounds), result);

        string verify = options.VerifyAfterWrite ? "verify on" : "verify off";
        if (options.Systems.Contains(StoreBenchmarkSystem.Floor))
        {
            (double ops, double p50, double p99) = LogSyncFloor.Measure(
                Path.Combine(options.Primary, "floor"), Path.Combine(options.Secondary, "floor"), FloorBlockSize, concurrent: true, openWithDataSync: !options.FdatasyncAfterWrite, readBack: true, options.Duration, fdatasync: options.FdatasyncAfterWrite);
            string durable = options.FdatasyncAfterWrite ? "O_DIRECT pwrites in parallel (two files), each fdatasync" : "O_DIRECT + O_DSYNC pwrites in parallel (two files), no fdatasync, each";
            Add(StoreBenchmarkSystem.Floor, $"Raw floor: two 4 KiB {durable} then O_DIRECT read-back, one cycle at a time (measured before this caller count's rows)", new StoreRunResult(ops, p50, p99, double.NaN));
        }

        if (options.Systems.Contains(StoreBenchmarkSystem.Store))
        {
            (StoreRunResult store, string engine) = MeasureStore(options, callers).GetAwaiter().GetResult();
            string snapshots = options.StoreSnapshots ? string.Empty : ", automatic snapshots off";
            Add(StoreBenchmarkSystem.Store, $"Durably store: generated TransferAsync ({engine}, two copies, {verify}{Recipe(options)}{(options.SynchronousContinuations ? ", synchronous continuations" : string.Empty)}{snapshots})", store);
            if (round == 1)
            {
                (double nanoseconds, double bytes) = MeasureTransferArguments(callers);
                report.AddNote(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Store row, {callers} caller{(callers == 1 ? string.Empty : "s")}: the harness's own transfer arguments (random accounts and amount, id and account strings), which the log row does not build, cost {nanoseconds / 1000:N2} µs of CPU and {bytes:N0} B per operation measured alone on one thread; the store row's CPU and allocation figures include them."));
            }
        }

        if (options.Systems.Contains(StoreBenchmarkSystem.Log))
        {
            (StoreRunResult log, string engine) = MeasureLog(options, callers).GetAwaiter().GetResult();
            Add(StoreBenchmarkSystem.Log, $"DurableLog.AppendAsync of the same record bytes ({engine}, two copies, {verify}{Recipe(options)})", log);
        }

        if (options.Systems.Contains(StoreBenchmarkSystem.Sqlite))
        {
            Add(StoreBenchmarkSystem.Sqlite, "SQLite 3 (WAL, synchronous=FULL, one transaction per transfer, one copy)", MeasureSqlite(options.Primary, callers, options.Warmup, options.Duration).GetAwaiter().GetResult());
        }

        if (options.Systems.Contains(StoreBenchmarkSystem.FasterLog))
        {
            (StoreRunResult faster, string device) = MeasureFasterLog(options.Primary, callers, options.Warmup, options.Duration).GetAwaiter().GetResult();
            Add(StoreBenchmarkSystem.FasterLog, $"FasterLog EnqueueAndWaitForCommitAsync of the same record bytes ({device}: O_SYNC, no O_DIRECT, no fsync; auto-commit, one copy)", faster);
        }

        if (postgres is not null)
        {
            Add(StoreBenchmarkSystem.Postgres, "PostgreSQL (fsync=on, synchronous_commit=on, one transaction per transfer locking both rows in name order, one copy)", MeasurePostgres(postgres, callers, options.Warmup, options.Duration).GetAwaiter().GetResult());
        }
    }

    private static async Task<(StoreRunResult Result, string Engine)> MeasureStore(StoreBenchmarkOptions benchmark, int callers)
    {
        DurableOptions options = Fresh(benchmark);
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
            benchmark.Warmup,
            benchmark.Duration);
        if (ledger.Total != Accounts * Balance)
        {
            throw new InvalidOperationException($"The store's ledger total is {ledger.Total}, not {Accounts * Balance}: a transfer was applied in part.");
        }

        return (result, ledger.DurableStatus.Log.EngineName);
    }

    private static async Task<(StoreRunResult Result, string Engine)> MeasureLog(StoreBenchmarkOptions benchmark, int callers)
    {
        DurableOptions options = Fresh(benchmark);
        await using DurableLog log = await DurableLog.OpenAsync(options.Log);
        byte[][][] records = Records(callers);
        StoreRunResult result = await StoreClosedLoop.Run(
            callers,
            async (caller, n) => await log.AppendAsync(records[caller][n & 255]),
            benchmark.Warmup,
            benchmark.Duration);
        return (result, log.Status.EngineName);
    }

    private static async Task<(StoreRunResult Result, string Device)> MeasureFasterLog(string primary, int callers, TimeSpan warmup, TimeSpan duration)
    {
        using StoreFasterLogPeer log = StoreFasterLogPeer.Create(Path.Combine(primary, "fasterlog"));
        byte[][][] records = Records(callers);
        StoreRunResult result = await StoreClosedLoop.Run(
            callers,
            async (caller, n) => await log.AppendAsync(records[caller][n & 255]),
            warmup,
            duration);
        return (result, log.DeviceName);
    }

    private static async Task<StoreRunResult> MeasurePostgres(PostgresTemporaryCluster cluster, int callers, TimeSpan warmup, TimeSpan duration)
    {
        await using StorePostgresLedger ledger = await StorePostgresLedger.CreateAsync(cluster, Accounts, Balance);
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
        (long committed, decimal total) = await ledger.TotalsAsync();
        if (total != Accounts * Balance || committed == 0)
        {
            throw new InvalidOperationException($"PostgreSQL's ledger holds {committed} transfers and a total of {total}, not {Accounts * Balance}: the benchmark's transfers did not run as intended.");
        }

        return result;
    }

    /// <summary>
    /// What the store row's callers spend on their arguments before calling the store (a breakdown
    /// of the store row's CPU and allocation figures): CPU nanoseconds and bytes allocated per
    /// transfer, drawn round-robin over <paramref name="callers"/> on this thread alone.
    /// </summary>
    private static (double Nanoseconds, double Bytes) MeasureTransferArguments(int callers)
    {
        const int Count = 400_000;
        Transfers transfers = new(callers);
        long length = 0;
        for (int i = 0; i < Count / 4; i++)
        {
            length += transfers.Next(i % callers, i / callers).Id.Length;
        }

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < Count; i++)
        {
            length += transfers.Next(i % callers, i / callers).Id.Length;
        }

        double elapsed = Stopwatch.GetElapsedTime(started).TotalNanoseconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalNanoseconds;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        GC.KeepAlive(length);
        // Both bound this thread's CPU time from above (the process's CPU counts any other thread too).
        return (Math.Min(elapsed, cpu) / Count, (double)allocated / Count);
    }

    /// <summary>The records the store would write for the same transfers (256 per caller), encoded ahead of the run.</summary>
    private static byte[][][] Records(int callers)
    {
        Transfers transfers = new(callers);
        return [.. Enumerable.Range(0, callers).Select(caller => Enumerable.Range(0, 256).Select(n => Encode(transfers.Next(caller, n))).ToArray())];
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
        BuiltInFormatters.Decimal.Serialize(ref writer, transfer.Amount);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>How the log's frames are made durable, when it is not the default (O_DSYNC writes and fdatasync).</summary>
    private static string Recipe(StoreBenchmarkOptions options)
        => !options.FdatasyncAfterWrite ? ", O_DSYNC writes alone" : !options.OpenWithDataSync ? ", fdatasync without O_DSYNC" : string.Empty;

    private static DurableOptions Fresh(StoreBenchmarkOptions benchmark)
    {
        var options = new DurableOptions
        {
            PrimaryDirectory = Path.Combine(benchmark.Primary, "log"),
            SecondaryDirectory = Path.Combine(benchmark.Secondary, "log"),
        };
        options.Log.VerifyAfterWrite = benchmark.VerifyAfterWrite;
        options.Log.Engine = benchmark.Engine;
        options.Log.FdatasyncAfterWrite = benchmark.FdatasyncAfterWrite;
        options.Log.OpenWithDataSync = benchmark.OpenWithDataSync;
        options.AllowSynchronousContinuations = benchmark.SynchronousContinuations;
        options.Log.IdleSpin = benchmark.IdleSpin ?? options.Log.IdleSpin;
        if (!benchmark.StoreSnapshots)
        {
            options.Snapshots = SnapshotPolicy.Manual;
        }
        options.Log.FramesInFlight = benchmark.FramesInFlight;
        foreach (string directory in new[] { options.PrimaryDirectory, options.SecondaryDirectory! })
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        return options;
    }

    /// <summary>
    /// The version of a NuGet package this program was built with, from its .deps.json (assembly
    /// versions do not say it: FASTER's assemblies are all 1.0.0.0).
    /// </summary>
    private static string PackageVersion(string package)
    {
        foreach (string depsFile in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.deps.json"))
        {
            using JsonDocument deps = JsonDocument.Parse(File.ReadAllText(depsFile));
            if (deps.RootElement.TryGetProperty("libraries", out JsonElement libraries))
            {
                foreach (JsonProperty library in libraries.EnumerateObject())
                {
                    if (library.Name.StartsWith(package + "/", StringComparison.OrdinalIgnoreCase))
                    {
                        return library.Name[(package.Length + 1)..];
                    }
                }
            }
        }

        return "(version unknown)";
    }

    private static void AddRow(StoreBenchmarkReport report, StoreBenchmarkSystem system, string description, int callers, (int Number, int Of) round, StoreRunResult result)
    {
        report.Add(new StoreBenchmarkRow(system, description, callers, result, round.Number));
        string ofRound = round.Of > 1 ? string.Create(CultureInfo.InvariantCulture, $", round {round.Number} of {round.Of}") : string.Empty;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{description}, {callers} callers{ofRound}: {result.OperationsPerSecond:N0}/s p50 {result.P50Microseconds:N0} µs p99 {result.P99Microseconds:N0} µs"));
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
