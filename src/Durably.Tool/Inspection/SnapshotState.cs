namespace Durably.Tool.Inspection;

/// <summary>
/// A snapshot file of the log (in either copy), what each copy holds, and what recovery would do
/// with it if the log were opened now.
/// </summary>
/// <param name="Sequence">The last record it covers.</param>
/// <param name="FileName">Its file name.</param>
/// <param name="Copies">Each copy's file: length and whether it verifies (header, length, body CRC, padding).</param>
/// <param name="StartSegment">The first segment recovery needs with it (0 when it verifies in no copy).</param>
/// <param name="Use">What recovery would do with it.</param>
internal sealed record SnapshotState(long Sequence, string FileName, IReadOnlyList<SnapshotCopyState> Copies, uint StartSegment, SnapshotUse Use)
{
    /// <summary>The snapshot's size (the largest copy), or -1 when no copy has the file.</summary>
    internal long Bytes => Copies.Max(c => c.Bytes);
}
