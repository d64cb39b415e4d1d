using BenchmarkDotNet.Running;

namespace Durably.Benchmarks;

/// <summary>Runs the benchmark suites; pass BenchmarkDotNet's <c>--filter</c> to choose, or <c>--engines</c> for the I/O engine comparison.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static void Main(string[] args)
    {
        // The engine comparison is a closed-loop harness of its own (see IoUringEngineBenchmark).
        if (args is ["--engines", ..])
        {
            Environment.Exit(IoUringEngineBenchmark.Run(args));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
