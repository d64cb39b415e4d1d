using BenchmarkDotNet.Running;

namespace Durably.Benchmarks;

/// <summary>Runs the benchmark suites; pass BenchmarkDotNet's <c>--filter</c> to choose.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
