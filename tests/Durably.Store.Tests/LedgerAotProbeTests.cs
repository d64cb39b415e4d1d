using Durably.Store.Tests.Infrastructure;

namespace Durably.Store.Tests;

/// <summary>
/// The Ledger's hidden <c>aot-probe</c> command, which the native AOT check runs as a native binary
/// and compares with the same text: here on the JIT, so the probe itself is known to be right.
/// </summary>
public sealed class LedgerAotProbeTests
{
    [Fact]
    public async Task The_probe_prints_the_same_values_live_after_replay_and_from_a_snapshot()
    {
        const string Values = "list=[1,2,3] map={a:1,b:-2} array=[4,5] pair=key:0f8fad5b-d9cb-469f-a165-70867728950e optional=[1,null,3] half=-1.5 chain=1>2>3";
        using var directory = new TemporaryDirectory();
        var ledger = new LedgerCli(directory.Path);
        (int code, string output, string error) = await ledger.RunAsync("aot-probe");
        Assert.True(code == 0, error);
        Assert.Equal("live: " + Values + "\nreplay (1 record): " + Values + "\nsnapshot (1, 0 replayed): " + Values + "\n", output);

        // Run again on the same directories: refused, nothing logged twice.
        (code, _, error) = await ledger.RunAsync("aot-probe");
        Assert.Equal(3, code);
        Assert.Contains("needs empty directories", error, StringComparison.Ordinal);
    }
}
