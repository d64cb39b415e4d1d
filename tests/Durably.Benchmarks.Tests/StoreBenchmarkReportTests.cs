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

    [Fact]
    public void Over_several_rounds_each_system_shows_its_median_and_each_ratio_the_median_of_the_ratios_within_a_round_with_their_range()
    {
        var report = new StoreBenchmarkReport();
        (int Round, double Store, double Log)[] rounds = [(1, 200_000, 250_000), (2, 300_000, 500_000), (3, 100_000, 200_000)];
        foreach ((int round, double store, double log) in rounds)
        {
            report.Add(new StoreBenchmarkRow(StoreBenchmarkSystem.Store, "store", 256, new StoreRunResult(store, 700 + round, 2000 + round, 64), round));
            report.Add(new StoreBenchmarkRow(StoreBenchmarkSystem.Log, "log", 256, new StoreRunResult(log, 500 + round, 1000 + round, 64), round));
        }

        // Store medians 200,000 (p50 702), log 250,000 (p50 502); the ratios within rounds are 0.80, 0.60 and
        // 0.50: their median is 0.60, where the ratio of the medians (0.80) would hide that the store lost every round.
        string[] lines = report.ComparisonTable().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("| 256 | 200,000 (p50 702 µs) | 250,000 (p50 502 µs) | — | 0.60 (0.50–0.80) | — | — | — |", lines[2]);
        Assert.Equal(3, report.Rounds);

        // The full table keeps every row, with its round.
        string[] full = report.FullTable().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("| what | callers | round | ops/s | p50 µs | p99 µs | alloc B/op | CPU µs/op |", full[0]);
        Assert.Equal(8, full.Length);
        Assert.Equal("| log | 256 | 3 | 200,000 | 503 | 1,003 | 64 | — |", full[^1]);

        // The plots draw the medians (an even count: the mean of the middle two).
        report.Add(new StoreBenchmarkRow(StoreBenchmarkSystem.Store, "store", 256, new StoreRunResult(400_000, 600, 3000, 64), 4));
        (string data, _) = report.PlotData();
        Assert.Contains("256 250000.0 2002.5", data.Split("\n\n\n")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_ratio_is_formed_only_within_a_round_that_measured_both_systems()
    {
        var report = new StoreBenchmarkReport();
        report.Add(new StoreBenchmarkRow(StoreBenchmarkSystem.Store, "store", 1, new StoreRunResult(2_000, 500, 900, 64), 1));
        report.Add(new StoreBenchmarkRow(StoreBenchmarkSystem.Sqlite, "sqlite", 1, new StoreRunResult(4_000, 250, 600, 64), 2));

        Assert.Equal("| 1 | 2,000 (p50 500 µs) | 4,000 | — | — | — | — | — |", report.ComparisonTable().Split('\n', StringSplitOptions.RemoveEmptyEntries)[2]);
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
