using BenchmarkDotNet.Running;

namespace Durably.Benchmarks;

/// <summary>
/// Runs the benchmark suites: <c>log …</c> for the log harness, <c>--engines …</c> for the I/O engine
/// comparison, otherwise BenchmarkDotNet (pass <c>--filter</c> to choose).
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        // The log and engine comparisons are closed-loop harnesses of their own (latency percentiles
        // against the pwrite + fdatasync floor in the same run), not BenchmarkDotNet jobs.
        if (args is ["log", ..])
        {
            return LogBenchmarkHarness.Run(args[1..]);
        }

        if (args is ["store", ..])
        {
            return StoreBenchmarkHarness.Run(args[1..]);
        }

        if (args is ["snapshots", ..])
        {
            return SnapshotBenchmarkHarness.Run(args[1..]);
        }

        if (args is ["--engines", ..])
        {
            return IoUringEngineBenchmark.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
