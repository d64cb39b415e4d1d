using System.Globalization;

namespace Durably.Storage.Snapshots;

/// <summary>
/// Names of snapshot files: <c>snap-00000000000000001234.snap</c> for the snapshot at sequence
/// 1234 (20 decimal digits, so names sort in sequence order), and the same name with
/// <c>.tmp</c> appended while it is being written.
/// </summary>
internal static class SnapshotFileName
{
    private const string Prefix = "snap-";
    private const string Suffix = ".snap";
    private const string TemporarySuffix = ".tmp";
    private const int Digits = 20;

    /// <summary>The file name of the snapshot at <paramref name="sequence"/>.</summary>
    internal static string For(long sequence) =>
        Prefix + sequence.ToString("D20", CultureInfo.InvariantCulture) + Suffix;

    /// <summary>The name while it is being written.</summary>
    internal static string TemporaryFor(long sequence) => For(sequence) + TemporarySuffix;

    /// <summary>Parses a snapshot file name; false for anything else (including temporaries).</summary>
    internal static bool TryParse(string name, out long sequence)
    {
        sequence = 0;
        return name.Length == Prefix.Length + Digits + Suffix.Length
            && name.StartsWith(Prefix, StringComparison.Ordinal)
            && name.EndsWith(Suffix, StringComparison.Ordinal)
            && long.TryParse(name.AsSpan(Prefix.Length, Digits), NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            && sequence > 0;
    }

    /// <summary>True for a snapshot a crash left half written.</summary>
    internal static bool IsTemporary(string name) =>
        name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix + TemporarySuffix, StringComparison.Ordinal);
}
