namespace Durably.Benchmarks.Tests;

/// <summary>A fact that needs gnuplot on PATH (the benchmark installs it itself when run as root; the tests do not).</summary>
internal sealed class GnuplotFactAttribute : FactAttribute
{
    public GnuplotFactAttribute()
    {
        if (BenchmarkProcess.FindOnPath("gnuplot") is null)
        {
            Skip = "needs gnuplot on PATH: apt-get install gnuplot-nox (the store benchmark installs it itself when it runs as root)";
        }
    }
}
