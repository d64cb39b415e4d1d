using System.Diagnostics;

namespace Durably.Benchmarks;

/// <summary>Latencies of one measured run, kept per worker (no sharing on the hot path) and merged at the end.</summary>
internal sealed class LogLatencyRecorder
{
    private readonly List<long>[] _perWorker;

    internal LogLatencyRecorder(int workers)
    {
        _perWorker = new List<long>[workers];
        for (int i = 0; i < workers; i++)
        {
            _perWorker[i] = new List<long>(4096);
        }
    }

    internal void Add(int worker, long startTimestamp) => _perWorker[worker].Add(Stopwatch.GetTimestamp() - startTimestamp);

    internal long Count => _perWorker.Sum(l => (long)l.Count);

    /// <summary>The latency at quantile <paramref name="q"/> in microseconds.</summary>
    internal double PercentileMicroseconds(double q)
    {
        long[] all = [.. _perWorker.SelectMany(l => l)];
        if (all.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(all);
        long ticks = all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        return ticks * 1_000_000.0 / Stopwatch.Frequency;
    }
}
