namespace Durably.Benchmarks.Tests;

public sealed class StoreBenchmarkReportTests
{
    [Fact]
    public void The_comparison_table_divides_the_store_by_each_peer_at_the_same_caller_count()
    {
        StoreBenchmarkReport report = Report(
            (StoreBenchmarkSystem.Floor, 1, 4000, 200),
            (StoreBenchmarkSystem.Store, 1, 2000, 500),
            (StoreBenchmarkSystem.Log, 1, 2500, 400),
            (StoreBenchmarkSystem.Sqlite, 1, 4000, 250),
            (StoreBenchmarkSystem.FasterLog, 1, 1000, 900),
            (StoreBenchmarkSystem.Postgres, 1, 800, 1200),
            (StoreBenchmarkSystem.Store, 256, 200_000, 1000),
            (StoreBenchmarkSystem.Sqlite, 256, 4000, 60_000));

        string[] lines = report.ComparisonTable().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(4, lines.Length);
        Assert.Equal(
            "| 1 | 4,000 (p50 200 µs) | 2,000 (p50 500 µs) | 2,500 (p50 400 µs) | 4,000 | 1,000 | 800 | 0.50 | 0.80 | 2.00 | 2.50 | 2.50 |",
            lines[2]);

        // Missing rows show a dash, never a made-up ratio; ratios of ten or more drop the decimals.
        Assert.Equal("| 256 | — | 200,000 (p50 1,000 µs) | — | 4,000 | — | — | 50 | — | — | — | — |", lines[3]);
    }

    [Fact]
    public void The_full_table_has_one_line_per_row_and_no_allocation_figure_for_the_floor()
    {
        StoreBenchmarkReport report = Report((StoreBenchmarkSystem.Floor, 1, 4000, 200), (StoreBenchmarkSystem.Sqlite, 1, 3000, 300));

        string[] lines = report.FullTable().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(4, lines.Length);
        Assert.EndsWith("| 1 | 4,000 | 200 | 400 | — | — |", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("| 1 | 3,000 | 300 | 600 | 64 | — |", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void The_full_table_shows_cpu_per_operation_to_a_tenth_of_a_microsecond_and_keeps_the_notes()
    {
        var report = new StoreBenchmarkReport();
        report.Add(new StoreBenchmarkRow(StoreBenchmarkSystem.Store, "store", 1024, new StoreRunResult(300_000, 1500, 29_000, 420) { CpuMicrosecondsPerOperation = 4.26 }));
        report.AddNote("what the harness itself costs");

        string[] lines = report.FullTable().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.EndsWith("| 1024 | 300,000 | 1,500 | 29,000 | 420 | 4.3 |", lines[2], StringComparison.Ordinal);
        Assert.Equal(["what the harness itself costs"], report.Notes);
    }

    [Fact]
    public void Plot_data_has_one_block_per_system_present_in_system_order_sorted_by_callers()
    {
        StoreBenchmarkReport report = Report(
            (StoreBenchmarkSystem.Postgres, 16, 900, 10_000),
            (StoreBenchmarkSystem.Store, 16, 16_000, 700),
            (StoreBenchmarkSystem.Store, 1, 2_000, 450));

        (string data, IReadOnlyList<StoreBenchmarkSystem> blocks) = report.PlotData();

        Assert.Equal([StoreBenchmarkSystem.Store, StoreBenchmarkSystem.Postgres], blocks);
        string[] parts = data.Split("\n\n\n");
        Assert.Equal(2, parts.Length);
        Assert.Equal(["# Durably store: callers ops/s p99-µs", "1 2000.0 900.0", "16 16000.0 1400.0"], parts[0].Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["# PostgreSQL: callers ops/s p99-µs", "16 900.0 20000.0"], parts[1].Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Rows with p99 twice the p50 and 64 B allocated per operation (NaN for the floor, which allocates nothing per cycle it counts).</summary>
    private static StoreBenchmarkReport Report(params (StoreBenchmarkSystem System, int Callers, double Ops, double P50)[] rows)
    {
        var report = new StoreBenchmarkReport();
        foreach ((StoreBenchmarkSystem system, int callers, double ops, double p50) in rows)
        {
            double allocated = system == StoreBenchmarkSystem.Floor ? double.NaN : 64;
            report.Add(new StoreBenchmarkRow(system, system.ToString(), callers, new StoreRunResult(ops, p50, 2 * p50, allocated)));
        }

        return report;
    }
}
