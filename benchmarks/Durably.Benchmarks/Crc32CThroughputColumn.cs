using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Durably.Benchmarks;

/// <summary>
/// Throughput of a checksum benchmark in GB/s (10^9 bytes per second): its <c>Size</c>
/// parameter divided by a statistic of its time per call (the mean, or the fastest iteration,
/// which on a shared machine is the one least disturbed by other work).
/// </summary>
public sealed class Crc32CThroughputColumn : IColumn
{
    private readonly string _statisticName;
    private readonly Func<Statistics, double> _nanosecondsPerCall;

    /// <summary>Creates a column for one statistic of the measured time per call.</summary>
    /// <param name="statisticName">Shown in the header, e.g. "mean" or "best".</param>
    /// <param name="nanosecondsPerCall">Picks the statistic, in nanoseconds.</param>
    public Crc32CThroughputColumn(string statisticName, Func<Statistics, double> nanosecondsPerCall)
    {
        _statisticName = statisticName;
        _nanosecondsPerCall = nanosecondsPerCall;
    }

    /// <inheritdoc />
    public string Id => nameof(Crc32CThroughputColumn) + "." + _statisticName;

    /// <inheritdoc />
    public string ColumnName => $"GB/s ({_statisticName})";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => $"Throughput: Size bytes / {_statisticName} time per call, in 10^9 bytes per second";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        Statistics? statistics = summary[benchmarkCase]?.ResultStatistics;
        object? size = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Size")?.Value;
        if (statistics is null || size is not int bytes)
        {
            return "-";
        }

        double nanoseconds = _nanosecondsPerCall(statistics);

        // One byte per nanosecond is 10^9 bytes per second.
        return nanoseconds > 0 ? (bytes / nanoseconds).ToString("0.00", CultureInfo.InvariantCulture) : "-";
    }

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public override string ToString() => ColumnName;
}
