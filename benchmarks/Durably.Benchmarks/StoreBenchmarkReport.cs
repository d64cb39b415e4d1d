using System.Globalization;
using System.Text;

namespace Durably.Benchmarks;

/// <summary>The store benchmark's rows, printed as the full table, the comparison table with its ratios, and plot data.</summary>
internal sealed class StoreBenchmarkReport
{
    private readonly List<StoreBenchmarkRow> _rows = [];
    private readonly List<string> _notes = [];

    internal IReadOnlyList<StoreBenchmarkRow> Rows => _rows;

    /// <summary>Breakdowns printed under the full table, one paragraph each.</summary>
    internal IReadOnlyList<string> Notes => _notes;

    internal void Add(StoreBenchmarkRow row) => _rows.Add(row);

    internal void AddNote(string note) => _notes.Add(note);

    /// <summary>The short name of a system, as the comparison table's columns and the plots' legends show it.</summary>
    internal static string ShortName(StoreBenchmarkSystem system) => system switch
    {
        StoreBenchmarkSystem.Floor => "raw floor",
        StoreBenchmarkSystem.Store => "Durably store",
        StoreBenchmarkSystem.Log => "log alone",
        StoreBenchmarkSystem.Sqlite => "SQLite",
        StoreBenchmarkSystem.FasterLog => "FasterLog",
        StoreBenchmarkSystem.Postgres => "PostgreSQL",
        _ => system.ToString(),
    };

    /// <summary>Every row: what, callers, ops/s, p50, p99, allocation per operation.</summary>
    internal string FullTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| what | callers | ops/s | p50 µs | p99 µs | alloc B/op | CPU µs/op |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (StoreBenchmarkRow row in _rows)
        {
            StoreRunResult r = row.Result;
            string allocated = double.IsNaN(r.AllocatedBytesPerOperation) ? "—" : r.AllocatedBytesPerOperation.ToString("N0", CultureInfo.InvariantCulture);
            string cpu = double.IsNaN(r.CpuMicrosecondsPerOperation) ? "—" : r.CpuMicrosecondsPerOperation.ToString("N1", CultureInfo.InvariantCulture);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Description} | {row.Callers} | {r.OperationsPerSecond:N0} | {r.P50Microseconds:N0} | {r.P99Microseconds:N0} | {allocated} | {cpu} |");
        }

        return text.ToString();
    }

    /// <summary>
    /// One line per caller count: ops/s of every system (p50 in parentheses for the store, the log and
    /// the floor), then store ÷ SQLite, store ÷ log (ops/s) and store p50 ÷ floor p50.
    /// </summary>
    internal string ComparisonTable()
    {
        StoreBenchmarkSystem[] present = [.. StoreBenchmarkOptions.AllSystems.Where(s => _rows.Any(r => r.System == s))];
        var text = new StringBuilder();
        text.Append("| callers |");
        foreach (StoreBenchmarkSystem system in present)
        {
            text.Append(CultureInfo.InvariantCulture, $" {ShortName(system)} ops/s |");
        }

        text.AppendLine(" store ÷ SQLite | store ÷ log | store ÷ FasterLog | store ÷ PostgreSQL | store p50 ÷ floor p50 |");
        text.Append("| --: |");
        text.Append(string.Concat(Enumerable.Repeat(" --: |", present.Length + 5)));
        text.AppendLine();
        foreach (int callers in _rows.Select(r => r.Callers).Distinct())
        {
            StoreRunResult? Find(StoreBenchmarkSystem system) => _rows.LastOrDefault(r => r.System == system && r.Callers == callers)?.Result;
            StoreRunResult? store = Find(StoreBenchmarkSystem.Store);
            text.Append(CultureInfo.InvariantCulture, $"| {callers:N0} |");
            foreach (StoreBenchmarkSystem system in present)
            {
                StoreRunResult? result = Find(system);
                string latency = system is StoreBenchmarkSystem.Store or StoreBenchmarkSystem.Log or StoreBenchmarkSystem.Floor && result is not null
                    ? string.Create(CultureInfo.InvariantCulture, $" (p50 {result!.P50Microseconds:N0} µs)")
                    : string.Empty;
                text.Append(result is null ? " — |" : string.Create(CultureInfo.InvariantCulture, $" {result.OperationsPerSecond:N0}{latency} |"));
            }

            text.Append(CultureInfo.InvariantCulture, $" {Ratio(store?.OperationsPerSecond, Find(StoreBenchmarkSystem.Sqlite)?.OperationsPerSecond)} |");
            text.Append(CultureInfo.InvariantCulture, $" {Ratio(store?.OperationsPerSecond, Find(StoreBenchmarkSystem.Log)?.OperationsPerSecond)} |");
            text.Append(CultureInfo.InvariantCulture, $" {Ratio(store?.OperationsPerSecond, Find(StoreBenchmarkSystem.FasterLog)?.OperationsPerSecond)} |");
            text.Append(CultureInfo.InvariantCulture, $" {Ratio(store?.OperationsPerSecond, Find(StoreBenchmarkSystem.Postgres)?.OperationsPerSecond)} |");
            text.AppendLine(CultureInfo.InvariantCulture, $" {Ratio(store?.P50Microseconds, Find(StoreBenchmarkSystem.Floor)?.P50Microseconds)} |");
        }

        return text.ToString();
    }

    /// <summary>gnuplot data: one block per system (separated by two blank lines), each line "callers ops/s p99-µs".</summary>
    internal (string Data, IReadOnlyList<StoreBenchmarkSystem> Blocks) PlotData()
    {
        var text = new StringBuilder();
        var blocks = new List<StoreBenchmarkSystem>();
        foreach (StoreBenchmarkSystem system in StoreBenchmarkOptions.AllSystems)
        {
            StoreBenchmarkRow[] rows = [.. _rows.Where(r => r.System == system).OrderBy(r => r.Callers)];
            if (rows.Length == 0)
            {
                continue;
            }

            if (blocks.Count > 0)
            {
                text.Append("\n\n");
            }

            blocks.Add(system);
            text.AppendLine(CultureInfo.InvariantCulture, $"# {ShortName(system)}: callers ops/s p99-µs");
            foreach (StoreBenchmarkRow row in rows)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{row.Callers} {row.Result.OperationsPerSecond:F1} {row.Result.P99Microseconds:F1}");
            }
        }

        return (text.ToString(), blocks);
    }

    private static string Ratio(double? numerator, double? denominator)
        => numerator is { } n && denominator is { } d && d > 0 && !double.IsNaN(n) && !double.IsNaN(d)
            ? (n / d).ToString(n / d >= 10 ? "F0" : "F2", CultureInfo.InvariantCulture)
            : "—";
}
