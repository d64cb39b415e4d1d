using System.Diagnostics;

namespace Durably.Diagnostics;

/// <summary>
/// The measurements of one log or store, tagged with its state type. Cheap when nobody listens:
/// each instrument checks <c>Enabled</c> before building its tags.
/// </summary>
internal sealed class StateMetrics
{
    /// <summary>Measurements of a log no state type owns.</summary>
    internal static readonly StateMetrics Untyped = new("none");

    private readonly KeyValuePair<string, object?> _tag;

    internal StateMetrics(string stateType) => _tag = new(DurablyMetrics.StateTypeTag, stateType);

    /// <summary>The state type the measurements are tagged with.</summary>
    internal string StateType => (string)_tag.Value!;

    /// <summary>A frame of <paramref name="records"/> records, <paramref name="bytes"/> bytes over all copies, durable after <paramref name="elapsedTicks"/> (Stopwatch ticks).</summary>
    internal void Committed(int records, long bytes, long elapsedTicks)
    {
        if (DurablyMetrics.Commits.Enabled)
        {
            DurablyMetrics.Commits.Add(1, _tag);
        }

        if (DurablyMetrics.Appends.Enabled)
        {
            DurablyMetrics.Appends.Add(records, _tag);
        }

        if (DurablyMetrics.RecordsPerCommit.Enabled)
        {
            DurablyMetrics.RecordsPerCommit.Record(records, _tag);
        }

        if (DurablyMetrics.BytesWritten.Enabled)
        {
            DurablyMetrics.BytesWritten.Add(bytes, _tag);
        }

        if (DurablyMetrics.CommitDuration.Enabled)
        {
            DurablyMetrics.CommitDuration.Record(Seconds(elapsedTicks), _tag);
        }
    }

    internal void VerifyFailed() => DurablyMetrics.VerifyFailures.Add(1, _tag);

    internal void Faulted() => DurablyMetrics.Faults.Add(1, _tag);

    internal void Repaired(int repairs)
    {
        if (repairs > 0)
        {
            DurablyMetrics.Repairs.Add(repairs, _tag);
        }
    }

    internal void Replayed(long records, long elapsedTicks)
    {
        DurablyMetrics.ReplayRecords.Add(records, _tag);
        DurablyMetrics.ReplayDuration.Record(Seconds(elapsedTicks), _tag);
    }

    /// <summary>For the apply thread: applies waited <paramref name="elapsedTicks"/> while the state was serialized for a snapshot.</summary>
    internal void SnapshotPaused(long elapsedTicks) => DurablyMetrics.SnapshotPause.Record(Seconds(elapsedTicks), _tag);

    /// <summary>For the snapshot writer: a snapshot of <paramref name="bytes"/> bytes made durable after <paramref name="elapsedTicks"/>.</summary>
    internal void SnapshotWritten(long bytes, long elapsedTicks)
    {
        DurablyMetrics.SnapshotSize.Record(bytes, _tag);
        DurablyMetrics.SnapshotDuration.Record(Seconds(elapsedTicks), _tag);
    }

    private static double Seconds(long elapsedTicks) => (double)elapsedTicks / Stopwatch.Frequency;
}
