using System.Globalization;

namespace Durably.Storage.Format;

/// <summary>
/// Names of the files in a log directory: <c>wal-000000000001.seg</c> for segment 1 (12 decimal
/// digits, so names sort in segment order), <c>wal-000000000001.seg.tmp</c> while it is being
/// created, and <c>durably.lock</c>.
/// </summary>
internal static class SegmentFileName
{
    /// <summary>The lock file's name.</summary>
    internal const string LockFile = "durably.lock";

    private const string Prefix = "wal-";
    private const string Suffix = ".seg";
    private const string TemporarySuffix = ".tmp";
    private const int Digits = 12;

    /// <summary>The file name of a segment.</summary>
    internal static string For(uint segmentNumber) =>
        Prefix + segmentNumber.ToString("D12", CultureInfo.InvariantCulture) + Suffix;

    /// <summary>The name of a segment while it is being created.</summary>
    internal static string TemporaryFor(uint segmentNumber) => For(segmentNumber) + TemporarySuffix;

    /// <summary>Parses a segment file name; false for anything else (including temporaries).</summary>
    internal static bool TryParse(string name, out uint segmentNumber)
    {
        segmentNumber = 0;
        return name.Length == Prefix.Length + Digits + Suffix.Length
            && name.StartsWith(Prefix, StringComparison.Ordinal)
            && name.EndsWith(Suffix, StringComparison.Ordinal)
            && uint.TryParse(name.AsSpan(Prefix.Length, Digits), NumberStyles.None, CultureInfo.InvariantCulture, out segmentNumber)
            && segmentNumber > 0;
    }

    /// <summary>True for a leftover temporary segment (a crash interrupted its creation).</summary>
    internal static bool IsTemporary(string name) =>
        name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix + TemporarySuffix, StringComparison.Ordinal);
}
