using System.Globalization;
using System.Runtime.Versioning;

namespace Durably.Benchmarks.Tests;

/// <summary>The PostgreSQL peer on a real server in a temporary cluster, as the benchmark runs it.</summary>
public sealed class PostgresPeerTests
{
    [PostgresFact]
    public async Task Transfers_commit_refuse_bad_input_and_keep_the_total_under_concurrency()
    {
        using var directory = new TemporaryDirectory();
        using PostgresTemporaryCluster cluster = PostgresTemporaryCluster.Start(Path.Combine(directory.Path, "postgres"));
        await using StorePostgresLedger ledger = await StorePostgresLedger.CreateAsync(cluster, accounts: 3, balance: 100m);

        Assert.True(await ledger.TransferAsync("t1", "a0", "a1", 30m));
        Assert.False(await ledger.TransferAsync("t1", "a0", "a1", 30m));   // the same id again
        Assert.False(await ledger.TransferAsync("t2", "a0", "a1", 71m));   // more than a0 holds (70)
        Assert.False(await ledger.TransferAsync("t3", "a0", "nobody", 1m)); // an unknown account
        Assert.Equal((1L, 300m), await ledger.TotalsAsync());

        // Opposite directions at once: both rows are locked in name order, so no deadlock aborts any of them.
        bool[] results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? ledger.TransferAsync("c" + i.ToString(CultureInfo.InvariantCulture), "a1", "a2", 1m).AsTask()
            : ledger.TransferAsync("c" + i.ToString(CultureInfo.InvariantCulture), "a2", "a1", 1m).AsTask()));

        Assert.All(results, Assert.True);
        Assert.Equal((41L, 300m), await ledger.TotalsAsync());
    }

    [PostgresFact]
    public void The_cluster_runs_as_a_non_root_user_and_is_stopped_and_deleted_on_dispose()
    {
        using var directory = new TemporaryDirectory();
        string clusterDirectory = Path.Combine(directory.Path, "postgres");
        int serverPid;
        using (PostgresTemporaryCluster cluster = PostgresTemporaryCluster.Start(clusterDirectory))
        {
            serverPid = int.Parse(File.ReadLines(Path.Combine(cluster.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            string uidLine = File.ReadLines($"/proc/{serverPid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            Assert.NotEqual("0", uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
            Assert.StartsWith("postgres (PostgreSQL) ", cluster.Version, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(clusterDirectory));
        Assert.False(Directory.Exists($"/proc/{serverPid}") && File.ReadAllText($"/proc/{serverPid}/cmdline").Contains("postgres", StringComparison.Ordinal), $"the server (pid {serverPid}) still runs");
    }

    [PostgresFact(requiresRoot: true)]
    [SupportedOSPlatform("linux")]
    public void A_cluster_directory_the_server_user_cannot_reach_is_refused_with_what_to_do()
    {
        using var directory = new TemporaryDirectory();
        string closed = Path.Combine(directory.Path, "closed");
        Directory.CreateDirectory(closed);
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => PostgresTemporaryCluster.Start(Path.Combine(closed, "postgres")));

        Assert.Contains($"cannot enter {closed}", error.Message, StringComparison.Ordinal);
        Assert.Contains("--primary", error.Message, StringComparison.Ordinal);
    }
}
