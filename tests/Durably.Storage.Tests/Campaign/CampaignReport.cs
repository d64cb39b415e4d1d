using System.Globalization;

namespace Durably.Storage.Tests.Campaign;

/// <summary>What a campaign did, summed over seeds.</summary>
internal sealed class CampaignReport
{
    internal int Seeds { get; set; }

    internal int Cycles { get; set; }

    internal int Crashes { get; set; }

    internal int CrashesDuringRecovery { get; set; }

    /// <summary>Crashes of seeds whose frames are made durable by fdatasync alone (O_DSYNC off).</summary>
    internal int CrashesWithFdatasyncAlone { get; set; }

    /// <summary>Crashes of seeds whose frames are made durable by their O_DSYNC writes alone (no fdatasync).</summary>
    internal int CrashesWithDataSyncAlone { get; set; }

    internal int FailStopFaultsInjected { get; set; }

    internal int FaultsTriggered { get; set; }

    internal int AtRestDamage { get; set; }

    internal int FullDisks { get; set; }

    internal int RecoveriesThatRepaired { get; set; }

    internal int NoOpRecoveriesChecked { get; set; }

    internal long RecordsChecked { get; set; }

    internal long Acknowledged { get; set; }

    internal long OutcomeUnknown { get; set; }

    internal long RefusedFull { get; set; }

    internal int SnapshotsWritten { get; set; }

    internal int SnapshotsFailed { get; set; }

    internal int SnapshotDamage { get; set; }

    internal int SnapshotsDamagedInBothCopies { get; set; }

    internal int ForeignSnapshots { get; set; }

    internal int RecoveriesFromSnapshots { get; set; }
    internal int EndOfLogLosses { get; set; }

    internal int EndOfLogRefusals { get; set; }

    internal void Add(CampaignReport other)
    {
        Seeds += other.Seeds;
        Cycles += other.Cycles;
        Crashes += other.Crashes;
        CrashesDuringRecovery += other.CrashesDuringRecovery;
        CrashesWithFdatasyncAlone += other.CrashesWithFdatasyncAlone;
        CrashesWithDataSyncAlone += other.CrashesWithDataSyncAlone;
        FailStopFaultsInjected += other.FailStopFaultsInjected;
        FaultsTriggered += other.FaultsTriggered;
        AtRestDamage += other.AtRestDamage;
        FullDisks += other.FullDisks;
        RecoveriesThatRepaired += other.RecoveriesThatRepaired;
        NoOpRecoveriesChecked += other.NoOpRecoveriesChecked;
        RecordsChecked += other.RecordsChecked;
        Acknowledged += other.Acknowledged;
        OutcomeUnknown += other.OutcomeUnknown;
        RefusedFull += other.RefusedFull;
        SnapshotsWritten += other.SnapshotsWritten;
        SnapshotsFailed += other.SnapshotsFailed;
        SnapshotDamage += other.SnapshotDamage;
        SnapshotsDamagedInBothCopies += other.SnapshotsDamagedInBothCopies;
        ForeignSnapshots += other.ForeignSnapshots;
        RecoveriesFromSnapshots += other.RecoveriesFromSnapshots;
        EndOfLogLosses += other.EndOfLogLosses;
        EndOfLogRefusals += other.EndOfLogRefusals;
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"seeds {Seeds}, open/run cycles {Cycles}, crashes {Crashes} (during recovery {CrashesDuringRecovery}; with fdatasync alone {CrashesWithFdatasyncAlone}, with O_DSYNC writes alone {CrashesWithDataSyncAlone}), "
        + $"fail-stop faults injected {FailStopFaultsInjected} (triggered {FaultsTriggered}), at-rest damage {AtRestDamage}, "
        + $"full-disk episodes {FullDisks}, recoveries that repaired {RecoveriesThatRepaired}, no-op re-recoveries checked {NoOpRecoveriesChecked}, "
        + $"appends acknowledged {Acknowledged}, outcome unknown {OutcomeUnknown}, refused (full) {RefusedFull}, records checked {RecordsChecked}; "
        + $"snapshots written {SnapshotsWritten} (failed {SnapshotsFailed}), snapshot damage {SnapshotDamage} (both copies {SnapshotsDamagedInBothCopies}), "
        + $"foreign snapshots {ForeignSnapshots}, recoveries from a snapshot {RecoveriesFromSnapshots}; "
        + $"end-of-log losses {EndOfLogLosses} (refused naming the first lost record, then opened with AcceptDataLoss {EndOfLogRefusals})");
}
