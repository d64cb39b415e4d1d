namespace Durably.Storage.Snapshots;

/// <summary>
/// A snapshot found at opening that verifies (header, length, body CRC) in at least one copy:
/// its image, and per copy whether that copy holds exactly these bytes (else why not).
/// </summary>
internal sealed class SnapshotCandidate : IDisposable
{
    internal SnapshotCandidate(SnapshotImage image, string?[] copyProblems)
    {
        Image = image;
        CopyProblems = copyProblems;
    }

    /// <summary>The verified bytes.</summary>
    internal SnapshotImage Image { get; }

    /// <summary>The snapshot's sequence.</summary>
    internal long Sequence => Image.Header.Sequence;

    /// <summary>Per copy: null when it holds the verified bytes, else what is wrong there.</summary>
    internal string?[] CopyProblems { get; }

    public void Dispose() => Image.Dispose();
}
