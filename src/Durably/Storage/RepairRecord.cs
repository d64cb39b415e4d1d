using System.Globalization;


namespace Durably;

/// <summary>
/// One thing recovery repaired, cut or dropped when the log was opened: which copy, which file,
/// which byte range, what kind of repair and why. <see cref="LogStatus.RepairRecords"/> lists them;
/// <see cref="ToString"/> renders one as a line of text.
/// </summary>
/// <param name="Kind">What was done.</param>
/// <param name="Copy">The copy ("primary" or "secondary") whose file was changed, or null for the log as a whole.</param>
/// <param name="File">The file's path, or null.</param>
/// <param name="Offset">Where the range starts in <paramref name="File"/>, or -1 for the whole file.</param>
/// <param name="Length">The range's length in bytes (0 when <paramref name="Offset"/> is -1).</param>
/// <param name="Sequence">The first sequence number concerned, or -1.</param>
/// <param name="Reason">Why: what the copy held there, or what evidence led to the decision.</param>
public sealed record RepairRecord(RepairKind Kind, string? Copy, string? File, long Offset, long Length, long Sequence, string Reason)
{
    /// <summary>The record as one line of text, e.g. for a log message.</summary>
    public override string ToString()
    {
        string where = File is null
            ? string.Empty
            : Offset < 0
                ? " " + File
                : string.Create(CultureInfo.InvariantCulture, $" {File} bytes {Offset}..{Offset + Length}");
        string sequence = Sequence < 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (sequence {Sequence})");
        string copy = Copy is null ? string.Empty : Copy + ": ";
        string what = Kind switch
        {
            RepairKind.FrameRewritten => "rewrote frame(s) from the other copy in",
            RepairKind.HeaderRewritten => "rewrote the segment header of",
            RepairKind.SegmentRebuilt => "rebuilt from the other copy",
            RepairKind.TailZeroed => "zeroed past the end of the log in",
            RepairKind.FileDeleted => "deleted",
            RepairKind.IncompleteFrameCut => "cut an incomplete frame at the end of the log at",
            RepairKind.DataLossAccepted => "ACCEPTED DATA LOSS, truncated at",
            RepairKind.SnapshotSetAside => "set aside (renamed to .ignored) snapshot",
            RepairKind.SnapshotRewritten => "rewrote from the other copy snapshot",
            _ => Kind.ToString(),
        };
        return $"{copy}{what}{where}{sequence}: {Reason}";
    }
}
