namespace Durably.Benchmarks.Tests;

/// <summary>A fact that needs Debian's PostgreSQL server installed (the benchmark installs it itself when run as root; the tests do not).</summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    /// <param name="requiresRoot">The test is about running the server as another user, which only root does.</param>
    public PostgresFactAttribute(bool requiresRoot = false)
    {
        if (PostgresTemporaryCluster.FindBinaries() is null)
        {
            Skip = "needs PostgreSQL's server in /usr/lib/postgresql/N/bin: apt-get install postgresql (the store benchmark installs it itself when it runs as root)";
        }
        else if (requiresRoot && !BenchmarkProcess.IsRoot)
        {
            Skip = "needs root: only then does the cluster run as another user (postgres or nobody)";
        }
    }
}
