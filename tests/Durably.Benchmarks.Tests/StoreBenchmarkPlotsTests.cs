namespace Durably.Benchmarks.Tests;

public sealed class StoreBenchmarkPlotsTests
{
    [GnuplotFact]
    public void Both_plots_are_drawn_with_every_system_and_the_caption()
    {
        using var directory = new TemporaryDirectory();
        var report = new StoreBenchmarkReport();
        foreach (StoreBenchmarkSystem system in StoreBenchmarkOptions.AllSystems)
        {
            foreach (int callers in new[] { 1, 16, 256, 1024 })
            {
                report.Add(new StoreBenchmarkRow(system, system.ToString(), callers, new StoreRunResult(1000 * callers, 300, 900 + callers, 100)));
            }
        }

        IReadOnlyList<string> files = StoreBenchmarkPlots.Write(report, directory.Path, "test machine, 2 CPUs\nload average 1.00; 2026-01-01 00:00 UTC", verifyAfterWrite: true, png: false);

        Assert.Equal(3, files.Count);
        foreach (string plot in files.Take(2))
        {
            string svg = File.ReadAllText(plot);
            Assert.StartsWith("<?xml", svg, StringComparison.Ordinal);
            Assert.Contains("test machine, 2 CPUs", svg, StringComparison.Ordinal);
            Assert.Contains("2026-01-01 00:00 UTC", svg, StringComparison.Ordinal);
            foreach (string legend in new[] { "raw floor", "Durably store", "Durably log alone", "SQLite", "FasterLog 2.6.5", "PostgreSQL" })
            {
                Assert.Contains(legend, svg, StringComparison.Ordinal);
            }
        }

        Assert.Contains("# test machine, 2 CPUs\n# load average 1.00", File.ReadAllText(files[2]), StringComparison.Ordinal);
    }
}
