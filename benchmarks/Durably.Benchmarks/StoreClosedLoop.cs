using System.Diagnostics;

namespace Durably.Benchmarks;

/// <summary>
/// Closed-loop callers: each issues its next operation as soon as the previous one completed.
/// Operations per second count completions inside the measured window; latencies are call to
/// completion.
/// </summary>
internal static class StoreClosedLoop
{
    internal static async Task<StoreRunResult> Run(int callers, Func<int, long, ValueTask> operation, TimeSpan warmup, TimeSpan duration)
    {
        var latencies = new LogLatencyRecorder(callers);
        long completed = 0;
        int measuring = 0;
        bool stop = false;
        var workers = new Task[callers];
        for (int c = 0; c < callers; c++)
        {
            int caller = c;
            workers[c] = Task.Run(async () =>
            {
                for (long n = 0; !Volatile.Read(ref stop); n++)
                {
                    long start = Stopwatch.GetTimestamp();
                    await operation(caller, n);
                    if (Volatile.Read(ref measuring) == 1)
                    {
                        latencies.Add(caller, start);
                        Interlocked.Increment(ref completed);
                    }
                }
            });
        }

        await Task.Delay(warmup);
        Interlocked.Exchange(ref completed, 0);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(duration);
        Volatile.Write(ref measuring, 0);
        double seconds = clock.Elapsed.TotalSeconds;
        long count = Interlocked.Read(ref completed);
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(workers);
        return new StoreRunResult(count / seconds, latencies.PercentileMicroseconds(0.5), latencies.PercentileMicroseconds(0.99), count == 0 ? double.NaN : (double)allocated / count)
        {
            CpuMicrosecondsPerOperation = count == 0 ? double.NaN : cpu.TotalMicroseconds / count,
        };
    }
}

/// <summary>One measured row.</summary>
/// <param name="OperationsPerSecond">Completions per second in the measured window.</param>
/// <param name="P50Microseconds">Median latency, call to completion.</param>
/// <param name="P99Microseconds">99th percentile latency.</param>
/// <param name="AllocatedBytesPerOperation">Bytes allocated by the whole process per completed operation (the benchmark's own transfer ids included).</param>
internal sealed record StoreRunResult(double OperationsPerSecond, double P50Microseconds, double P99Microseconds, double AllocatedBytesPerOperation)
{
    /// <summary>CPU time of the whole process (every thread, user and system) per completed operation; NaN when not measured.</summary>
    public double CpuMicrosecondsPerOperation { get; init; } = double.NaN;
}
