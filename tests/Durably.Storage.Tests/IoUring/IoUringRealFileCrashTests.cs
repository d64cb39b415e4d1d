using Durably.Storage.Tests.Campaign;
using Xunit.Abstractions;

namespace Durably.Storage.Tests.IoUring;

/// <summary>
/// The fault campaign's invariants on real files with real crashes (<see cref="RealFileCrashCampaign"/>): a child
/// process appending concurrently is killed with SIGKILL mid-run and this process recovers the log, round after
/// round on the same log. With io_uring the engines alternate, so each recovers what the other left at a kill; where
/// io_uring is refused that test is skipped with the kernel's reason and the portable-only campaign still runs.
/// </summary>
public sealed class IoUringRealFileCrashTests(ITestOutputHelper output)
{
    private const int AlternatingRounds = 8;
    private const int PortableRounds = 3;

    [IoUringFact]
    public async Task A_log_killed_mid_append_by_either_engine_keeps_every_acknowledged_record_when_the_other_engine_recovers_it()
    {
        RealFileCrashReport report = await Run(AlternatingRounds, [LogEngineKind.IoUring, LogEngineKind.Portable]);

        Assert.Equal(AlternatingRounds / 2, report.RoundsByEngines["io_uring → portable"]);
        Assert.Equal(AlternatingRounds / 2, report.RoundsByEngines["portable → io_uring"]);
    }

    [Fact]
    public async Task A_log_killed_mid_append_by_the_portable_engine_keeps_every_acknowledged_record()
    {
        RealFileCrashReport report = await Run(PortableRounds, [LogEngineKind.Portable]);

        Assert.Equal(PortableRounds, report.RoundsByEngines["portable → portable"]);
    }

    private async Task<RealFileCrashReport> Run(int rounds, LogEngineKind[] engines)
    {
        // Kills land at moments no seed controls, so each run draws a new seed (printed, and named by any failure)
        // for the rest: engines' options, appender counts, when to kill, record contents.
        int seed = Random.Shared.Next();
        output.WriteLine("seed " + seed);
        RealFileCrashReport report = await RealFileCrashCampaign.RunAsync(seed, rounds, engines, output.WriteLine);
        output.WriteLine(report.ToString());

        Assert.Equal(rounds, report.Rounds);
        Assert.Equal(rounds, report.Kills);
        Assert.Equal(rounds, report.NoOpRecoveriesChecked);
        Assert.True(report.Acknowledged >= RealFileCrashCampaign.MinimumFirstRoundAcknowledgements, report.ToString());
        Assert.True(report.Segments > 1, report.ToString());
        Assert.True(report.RecoveriesFromSnapshots > 0, report.ToString());
        return report;
    }
}
