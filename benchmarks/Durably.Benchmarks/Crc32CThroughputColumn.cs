using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Durably.Benchmarks;

/// <summary>
/// Throughput of a checksum benchmark in GB/s (10^9 bytes per second): its <c>Size</c>
/// parameter divided by its mean time.
/// </summary>
public sealed class Crc32CThroughputColumn : IColumn
{
    /// <inheritdoc />
    public string Id => nameof(Crc32CThroughputColumn);

    /// <inheritdoc />
    public string ColumnName => "GB/s";

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
    public string Legend => "Throughput: Size bytes / mean time, in 10^9 bytes per second";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        double? meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        object? size = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Size")?.Value;
        if (meanNanoseconds is not > 0 || size is not int bytes)
        {
            return "-";
        }

        // One byte per nanosecond is 10^9 bytes per second.
        return (bytes / meanNanoseconds.Value).ToString("0.00", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public override string ToString() => ColumnName;
}
