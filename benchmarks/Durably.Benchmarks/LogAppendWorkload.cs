using System.Diagnostics;
using Durably.Storage;

namespace Durably.Benchmarks;

/// <summary>N concurrent appenders, each appending its next record as soon as the previous one is durable.</summary>
internal static class LogAppendWorkload
{
    internal static async Task<LogRunResult> Run(LogOptions options, int appenders, int recordSize, TimeSpan warmup, TimeSpan duration)
    {
        foreach (string directory in new[] { options.PrimaryDirectory, options.SecondaryDirectory! })
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        await using DurableLog log = await DurableLog.OpenAsync(options);
        byte[] record = new byte[recordSize];
        Random.Shared.NextBytes(record);
        var latencies = new LogLatencyRecorder(appenders);
        long measuring = 0;
        bool stop = false;
        var workers = new Task[appenders];
        for (int w = 0; w < appenders; w++)
        {
            int worker = w;
            workers[w] = Task.Run(async () =>
            {
                while (!Volatile.Read(ref stop))
                {
                    long start = Stopwatch.GetTimestamp();
                    _ = await log.AppendAsync(record);
                    if (Volatile.Read(ref measuring) == 1)
                    {
                        latencies.Add(worker, start);
                    }
                }
            });
        }

        await Task.Delay(warmup);
        long firstSequence = log.LastSequence;
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(duration);
        Volatile.Write(ref measuring, 0);
        long appended = log.LastSequence - firstSequence;
        double seconds = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(workers);
        return new LogRunResult(appended / seconds, latencies.PercentileMicroseconds(0.5), latencies.PercentileMicroseconds(0.99), log.Status.EngineName);
    }
}

/// <summary>One measured configuration.</summary>
internal sealed record LogRunResult(double AppendsPerSecond, double P50Microseconds, double P99Microseconds, string Engine);
