using System.Globalization;
using System.Text;

namespace Durably.Benchmarks;

/// <summary>
/// Draws the store benchmark's plots with gnuplot (Debian's <c>gnuplot-nox</c>, installed with
/// apt-get when missing): ops/s and p99 latency against callers, both axes logarithmic, one line
/// per system, the machine, its load and the date in the caption. Writes SVG (or PNG) files and the
/// data behind them into the results directory.
/// </summary>
internal static class StoreBenchmarkPlots
{
    /// <summary>The throughput plot's file name without its extension (the README shows the SVG).</summary>
    internal const string ThroughputFile = "store-peers-throughput";

    /// <summary>The p99 latency plot's file name without its extension.</summary>
    internal const string LatencyFile = "store-peers-p99";

    /// <summary>The data both plots are drawn from.</summary>
    internal const string DataFile = "store-peers.dat";

    /// <summary>Writes both plots into <paramref name="directory"/> as SVG, or PNG when <paramref name="png"/>; returns the files written.</summary>
    internal static IReadOnlyList<string> Write(StoreBenchmarkReport report, string directory, string caption, bool verifyAfterWrite, bool png)
    {
        string gnuplot = BenchmarkProcess.FindOnPath("gnuplot") ?? InstallAndFind();
        Directory.CreateDirectory(directory);
        (string data, IReadOnlyList<StoreBenchmarkSystem> blocks) = report.PlotData();
        string dataPath = Path.Combine(directory, DataFile);
        File.WriteAllText(dataPath, "# " + caption.Replace("\n", "\n# ", StringComparison.Ordinal) + "\n" + data);
        string extension = png ? ".png" : ".svg";
        string terminal = png
            ? "set terminal pngcairo size 1100,720 font 'sans,10' background rgb 'white'"
            : "set terminal svg size 960,600 dynamic font 'sans,12' background rgb 'white'";
        string throughputPath = Path.Combine(directory, ThroughputFile + extension);
        string latencyPath = Path.Combine(directory, LatencyFile + extension);
        string script = Script(terminal, dataPath, blocks, verifyAfterWrite, throughputPath, "Ledger transfers per second (closed-loop callers)", "operations per second", 2, caption)
            + Script(terminal, dataPath, blocks, verifyAfterWrite, latencyPath, "p99 latency per transfer (call to durable completion)", "p99 latency (µs)", 3, caption);
        string scriptPath = Path.Combine(Path.GetTempPath(), $"durably-store-plots-{Environment.ProcessId}.gp");
        File.WriteAllText(scriptPath, script);
        try
        {
            BenchmarkProcess.RunOrThrow(gnuplot, [scriptPath], TimeSpan.FromMinutes(2));
        }
        finally
        {
            File.Delete(scriptPath);
        }

        return [throughputPath, latencyPath, dataPath];
    }

    private static string Script(string terminal, string dataPath, IReadOnlyList<StoreBenchmarkSystem> blocks, bool verifyAfterWrite, string output, string title, string yLabel, int column, string caption)
    {
        var text = new StringBuilder();
        text.AppendLine(terminal);
        text.AppendLine(CultureInfo.InvariantCulture, $"set output {Quote(output)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"set title {Quote(title + "\n" + caption)} noenhanced");
        text.AppendLine("set logscale x 2");
        text.AppendLine("set logscale y 10");
        text.AppendLine("set xlabel 'concurrent callers (log scale)' noenhanced");
        text.AppendLine(CultureInfo.InvariantCulture, $"set ylabel {Quote(yLabel + " (log scale)")} noenhanced");
        text.AppendLine("set format y '%.0s%c'");
        text.AppendLine("set grid xtics ytics mytics");
        text.AppendLine("set key below left Left reverse noenhanced");
        text.AppendLine("set xtics (1, 4, 16, 64, 256, 1024, 4096)");
        text.AppendLine("set offsets graph 0.05, graph 0.05, 0, 0");
        text.Append("plot ");
        for (int i = 0; i < blocks.Count; i++)
        {
            string name = Legend(blocks[i], verifyAfterWrite);
            text.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? ", \\\n     " : string.Empty)}{Quote(dataPath)} index {i} using 1:{column} with linespoints lw 2 pt {i + 5} title {Quote(name)}");
        }

        text.AppendLine();
        text.AppendLine("unset output");
        return text.ToString();
    }

    private static string Legend(StoreBenchmarkSystem system, bool verifyAfterWrite) => system switch
    {
        StoreBenchmarkSystem.Floor => "raw floor: 2 × 4 KiB O_DIRECT write + fdatasync + read-back, in parallel, one at a time",
        StoreBenchmarkSystem.Store => $"Durably store (two copies, verify {(verifyAfterWrite ? "on" : "off")})",
        StoreBenchmarkSystem.Log => $"Durably log alone (two copies, verify {(verifyAfterWrite ? "on" : "off")})",
        StoreBenchmarkSystem.Sqlite => "SQLite WAL, synchronous=FULL",
        StoreBenchmarkSystem.FasterLog => "FasterLog 2.6.5 (O_SYNC, no O_DIRECT, no fsync)",
        StoreBenchmarkSystem.Postgres => "PostgreSQL (fsync=on, synchronous_commit=on)",
        _ => StoreBenchmarkReport.ShortName(system),
    };

    /// <summary>A gnuplot double-quoted string (backslash escapes, so "\n" breaks the line).</summary>
    private static string Quote(string text)
        => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    private static string InstallAndFind()
    {
        BenchmarkProcess.AptInstall("gnuplot-nox");
        return BenchmarkProcess.FindOnPath("gnuplot") ?? throw new InvalidOperationException("apt-get installed gnuplot-nox but gnuplot is not on PATH.");
    }
}
