using System.Globalization;

namespace Durably.Storage.Tests.Campaign;

/// <summary>What a real-file crash campaign did.</summary>
internal sealed class RealFileCrashReport
{
    internal int Seed { get; init; }

    internal int Rounds { get; set; }

    /// <summary>Rounds by engine pair, "writer → recoverer".</summary>
    internal SortedDictionary<string, int> RoundsByEngines { get; } = new(StringComparer.Ordinal);

    internal int Kills { get; set; }

    internal long Acknowledged { get; set; }

    /// <summary>Appends in flight at a kill (or acknowledged with the line that said so cut short) that recovery kept.</summary>
    internal long UnacknowledgedSurvivors { get; set; }

    internal int RecoveriesThatRepaired { get; set; }

    internal int NoOpRecoveriesChecked { get; set; }

    internal long RecordsChecked { get; set; }

    internal int Segments { get; set; }

    /// <summary>Recoveries after a kill that started from a snapshot the child wrote.</summary>
    internal int RecoveriesFromSnapshots { get; set; }

    internal TimeSpan Elapsed { get; set; }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"seed {Seed}: rounds {Rounds} ({string.Join(", ", RoundsByEngines.Select(pair => $"{pair.Key} {pair.Value}"))}), kills {Kills}, "
        + $"appends acknowledged {Acknowledged}, unacknowledged appends kept {UnacknowledgedSurvivors}, recoveries that repaired {RecoveriesThatRepaired}, "
        + $"no-op re-recoveries checked {NoOpRecoveriesChecked}, records checked {RecordsChecked}, segments {Segments}, recoveries from a snapshot {RecoveriesFromSnapshots}, in {Elapsed.TotalSeconds:F1} s");
}
