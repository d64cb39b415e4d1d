using System.Globalization;
using Xunit.Abstractions;

namespace Durably.Storage.Tests.Campaign;

/// <summary>
/// The deterministic fault campaign, snapshots included. The normal run covers 2,000 seeds; set
/// <c>DURABLY_CAMPAIGN_SEEDS</c> (and optionally <c>DURABLY_CAMPAIGN_START</c>) for more, or run
/// <c>dotnet Durably.Storage.Tests.dll campaign --seeds 100000</c> (see docs/format.md).
/// </summary>
public sealed class FaultCampaignTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_seed_keeps_every_acknowledged_record_and_accepts_no_damaged_frame()
    {
        int seeds = ReadSetting("DURABLY_CAMPAIGN_SEEDS", 2000);
        int start = ReadSetting("DURABLY_CAMPAIGN_START", 0);
        CampaignReport report = CampaignRunner.Run(start, seeds);
        output.WriteLine(report.ToString());

        Assert.Equal(seeds, report.Seeds);
        // The campaign must actually exercise what it claims to.
        Assert.True(report.Crashes > seeds / 4, report.ToString());
        Assert.True(report.CrashesDuringRecovery > 0, report.ToString());
        Assert.True(report.CrashesWithFdatasyncAlone > seeds / 12, report.ToString());
        Assert.True(report.CrashesWithDataSyncAlone > seeds / 12, report.ToString());
        Assert.True(report.FaultsTriggered > seeds / 10, report.ToString());
        Assert.True(report.AtRestDamage > seeds / 4, report.ToString());
        Assert.True(report.RecoveriesThatRepaired > seeds / 10, report.ToString());
        Assert.True(report.RefusedFull > 0, report.ToString());
        Assert.True(report.OutcomeUnknown > 0, report.ToString());
        Assert.True(report.Acknowledged > seeds * 10L, report.ToString());

        // Snapshots: written (and interrupted by crashes and faults), damaged in one or both copies, planted from another log, recovered from.
        Assert.True(report.SnapshotsWritten > seeds, report.ToString());
        Assert.True(report.SnapshotsFailed > 0, report.ToString());
        Assert.True(report.SnapshotDamage > seeds / 4, report.ToString());
        Assert.True(report.SnapshotsDamagedInBothCopies > seeds / 20, report.ToString());
        Assert.True(report.ForeignSnapshots > seeds / 20, report.ToString());
        Assert.True(report.RecoveriesFromSnapshots > seeds, report.ToString());
        Assert.True(report.EndOfLogLosses > seeds / 5, report.ToString());
        Assert.Equal(report.EndOfLogLosses, report.EndOfLogRefusals);
    }

    [Fact]
    public void A_seed_replays_exactly()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            CampaignReport first = FaultCampaign.Run(seed, out IReadOnlyList<string> firstEvents);
            CampaignReport second = FaultCampaign.Run(seed, out IReadOnlyList<string> secondEvents);
            Assert.Equal(firstEvents, secondEvents);
            Assert.Equal(first.ToString(), second.ToString());
        }
    }

    private static int ReadSetting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
}
