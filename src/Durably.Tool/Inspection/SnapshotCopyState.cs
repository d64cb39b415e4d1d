namespace Durably.Tool.Inspection;

/// <summary>One copy of a snapshot file as the tool found it.</summary>
/// <param name="Copy">The copy's name (primary, secondary).</param>
/// <param name="Path">The file's path in that copy.</param>
/// <param name="Bytes">The file's length, or -1 when the copy has no such file.</param>
/// <param name="Problem">Null when the copy holds the verified bytes; else what is wrong there.</param>
internal sealed record SnapshotCopyState(string Copy, string Path, long Bytes, string? Problem)
{
    /// <summary>True when this copy holds the verified snapshot.</summary>
    internal bool Verifies => Problem is null;
}
