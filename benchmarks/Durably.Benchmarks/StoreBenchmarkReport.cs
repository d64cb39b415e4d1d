using System.Globalization;
using System.Text;

namespace Durably.Benchmarks;

/// <summary>
/// The store benchmark's rows, printed as the full table, the comparison table with its ratios, and
/// plot data. When rows were measured in several rounds, the comparison table and the plots show
/// each system's median, and each ratio is the median of the ratios within each round (the two
/// rows of a round ran minutes apart at most), with their range.
/// </summary>
internal sealed class StoreBenchmarkReport
{
    private readonly List<StoreBenchmarkRow> _rows = [];
    private readonly List<string> _notes = [];

    internal IReadOnlyList<StoreBenchmarkRow> Rows => _rows;

    /// <summary>Breakdowns printed under the full table, one paragraph each.</summary>
    internal IReadOnlyList<string> Notes => _notes;

    /// <summary>How many rounds the rows were measured in (the highest round seen).</summary>
    internal int Rounds => _rows.Count == 0 ? 1 : _rows.Max(r => r.Round);

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
        bool rounds = Rounds > 1;
        var text = new StringBuilder();
        text.AppendLine(rounds ? "| what | callers | round | ops/s | p50 µs | p99 µs | alloc B/op | CPU µs/op |" : "| what | callers | ops/s | p50 µs | p99 µs | alloc B/op | CPU µs/op |");
        text.AppendLine(rounds ? "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" : "| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (StoreBenchmarkRow row in _rows)
        {
            StoreRunResult r = row.Result;
            string allocated = double.IsNaN(r.AllocatedBytesPerOperation) ? "—" : r.AllocatedBytesPerOperation.ToString("N0", CultureInfo.InvariantCulture);
            string cpu = double.IsNaN(r.CpuMicrosecondsPerOperation) ? "—" : r.CpuMicrosecondsPerOperation.ToString("N1", CultureInfo.InvariantCulture);
            string round = rounds ? string.Create(CultureInfo.InvariantCulture, $" {row.Round} |") : string.Empty;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Description} | {row.Callers} |{round} {r.OperationsPerSecond:N0} | {r.P50Microseconds:N0} | {r.P99Microseconds:N0} | {allocated} | {cpu} |");
        }

        return text.ToString();
    }

    /// <summary>
    /// One line per caller count: ops/s of every system (p50 in parentheses for the store, the log and
    /// the floor), then store ÷ SQLite, store ÷ log (ops/s) and store p50 ÷ floor p50; medians over
    /// the rounds, and a ratio's range after it when there was more than one round.
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
            text.Append(CultureInfo.InvariantCulture, $"| {callers:N0} |");
            foreach (StoreBenchmarkSystem system in present)
            {
                StoreRunResult[] results = [.. RowsOf(system, callers).Select(r => r.Result)];
                string latency = system is StoreBenchmarkSystem.Store or StoreBenchmarkSystem.Log or StoreBenchmarkSystem.Floor && results.Length > 0
                    ? string.Create(CultureInfo.InvariantCulture, $" (p50 {Median(results.Select(r => r.P50Microseconds)):N0} µs)")
                    : string.Empty;
                text.Append(results.Length == 0 ? " — |" : string.Create(CultureInfo.InvariantCulture, $" {Median(results.Select(r => r.OperationsPerSecond)):N0}{latency} |"));
            }

            text.Append(CultureInfo.InvariantCulture, $" {StoreRatio(callers, StoreBenchmarkSystem.Sqlite, r => r.OperationsPerSecond)} |");
            text.Append(CultureInfo.InvariantCulture, $" {StoreRatio(callers, StoreBenchmarkSystem.Log, r => r.OperationsPerSecond)} |");
            text.Append(CultureInfo.InvariantCulture, $" {StoreRatio(callers, StoreBenchmarkSystem.FasterLog, r => r.OperationsPerSecond)} |");
            text.Append(CultureInfo.InvariantCulture, $" {StoreRatio(callers, StoreBenchmarkSystem.Postgres, r => r.OperationsPerSecond)} |");
            text.AppendLine(CultureInfo.InvariantCulture, $" {StoreRatio(callers, StoreBenchmarkSystem.Floor, r => r.P50Microseconds)} |");
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
            int[] callerCounts = [.. _rows.Where(r => r.System == system).Select(r => r.Callers).Distinct().Order()];
            if (callerCounts.Length == 0)
            {
                continue;
            }

            if (blocks.Count > 0)
            {
                text.Append("\n\n");
            }

            blocks.Add(system);
            text.AppendLine(CultureInfo.InvariantCulture, $"# {ShortName(system)}: callers ops/s p99-µs");
            foreach (int callers in callerCounts)
            {
                StoreRunResult[] results = [.. RowsOf(system, callers).Select(r => r.Result)];
                text.AppendLine(CultureInfo.InvariantCulture, $"{callers} {Median(results.Select(r => r.OperationsPerSecond)):F1} {Median(results.Select(r => r.P99Microseconds)):F1}");
            }
        }

        return (text.ToString(), blocks);
    }

    private IEnumerable<StoreBenchmarkRow> RowsOf(StoreBenchmarkSystem system, int callers) => _rows.Where(r => r.System == system && r.Callers == callers);

    /// <summary>
    /// The store's figure divided by <paramref name="peer"/>'s, within each round that measured both;
    /// the median of those, then their range when there is more than one; a dash when none can be formed.
    /// </summary>
    private string StoreRatio(int callers, StoreBenchmarkSystem peer, Func<StoreRunResult, double> figure)
    {
        double[] ratios = [.. RowsOf(StoreBenchmarkSystem.Store, callers)
            .Join(RowsOf(peer, callers), s => s.Round, p => p.Round, (s, p) => (Store: figure(s.Result), Peer: figure(p.Result)))
            .Where(pair => pair.Peer > 0 && !double.IsNaN(pair.Store) && !double.IsNaN(pair.Peer))
            .Select(pair => pair.Store / pair.Peer)
            .Order()];
        if (ratios.Length == 0)
        {
            return "—";
        }

        string median = Format(Median(ratios));
        return ratios.Length == 1 ? median : string.Create(CultureInfo.InvariantCulture, $"{median} ({Format(ratios[0])}–{Format(ratios[^1])})");
    }

    private static string Format(double ratio) => ratio.ToString(ratio >= 10 ? "F0" : "F2", CultureInfo.InvariantCulture);

    /// <summary>The median of the values that are numbers (the mean of the middle two for an even count); NaN when there are none.</summary>
    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Where(v => !double.IsNaN(v)).Order()];
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
