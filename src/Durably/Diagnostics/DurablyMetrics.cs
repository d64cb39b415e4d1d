using System.Diagnostics.Metrics;

namespace Durably.Diagnostics;

/// <summary>
/// The instruments of the <c>Durably</c> meter, named after the OpenTelemetry conventions
/// (dotted lower-case names, durations in seconds, sizes in bytes, UCUM units). Every measurement
/// carries the <see cref="StateTypeTag"/> tag. Watch them with
/// <c>dotnet-counters monitor --counters Durably -p PID</c> or any OpenTelemetry exporter
/// (<c>AddMeter("Durably")</c>).
/// </summary>
internal static class DurablyMetrics
{
    /// <summary>The meter's name.</summary>
    internal const string MeterName = "Durably";

    /// <summary>The tag naming the <c>[DurableState]</c> type a measurement is about ("none" for a bare log).</summary>
    internal const string StateTypeTag = "durably.state.type";

    internal static readonly Meter Meter = new(MeterName, typeof(DurablyMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Records made durable in every copy (one per acknowledged append or operation).</summary>
    internal static readonly Counter<long> Appends = Meter.CreateCounter<long>(
        "durably.log.appends", "{record}", "Records made durable in every copy of the log.");

    /// <summary>Group commits: frames made durable in every copy.</summary>
    internal static readonly Counter<long> Commits = Meter.CreateCounter<long>(
        "durably.log.commits", "{commit}", "Group commits: frames made durable in every copy.");

    /// <summary>Records per group commit (the batch size).</summary>
    internal static readonly Histogram<long> RecordsPerCommit = Meter.CreateHistogram<long>(
        "durably.log.commit.records", "{record}", "Records carried by one group commit.");

    /// <summary>Bytes written to the log's segment files, all copies together (aligned frames).</summary>
    internal static readonly Counter<long> BytesWritten = Meter.CreateCounter<long>(
        "durably.log.bytes_written", "By", "Bytes of frames written to the log, all copies together.");

    /// <summary>From a frame's submission to its acknowledgement: the writes, fdatasyncs and verification reads of every copy.</summary>
    internal static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "durably.log.commit.duration", "s", "Time from submitting a frame to the last copy's fdatasync (and read-back) completing.");

    /// <summary>Frames whose read-back after fdatasync did not match what was written (each faults the log).</summary>
    internal static readonly Counter<long> VerifyFailures = Meter.CreateCounter<long>(
        "durably.log.verify.failures", "{frame}", "Frames whose read-back after fdatasync did not match what was written.");

    /// <summary>Repairs recovery made when the log was opened (frames copied, headers rewritten, tails cut, leftovers deleted).</summary>
    internal static readonly Counter<long> Repairs = Meter.CreateCounter<long>(
        "durably.log.repairs", "{repair}", "Repairs made by recovery when the log was opened.");

    /// <summary>Times a log faulted (fail-stop after a write, sync or verification failure).</summary>
    internal static readonly Counter<long> Faults = Meter.CreateCounter<long>(
        "durably.log.faults", "{fault}", "Times a log faulted: a failed write, fdatasync or verification stopped it.");

    /// <summary>How long replaying the log into the state took when a store was opened.</summary>
    internal static readonly Histogram<double> ReplayDuration = Meter.CreateHistogram<double>(
        "durably.replay.duration", "s", "Time to replay the log into the state when a store is opened.");

    /// <summary>Records replayed when stores were opened.</summary>
    internal static readonly Counter<long> ReplayRecords = Meter.CreateCounter<long>(
        "durably.replay.records", "{record}", "Records replayed into the state when a store is opened.");

    /// <summary>How long writing a snapshot took (both copies, durable).</summary>
    internal static readonly Histogram<double> SnapshotDuration = Meter.CreateHistogram<double>(
        "durably.snapshot.duration", "s", "Time to write a snapshot of the state durably in every copy.");

    /// <summary>How long applies waited while the state was serialized for a snapshot.</summary>
    internal static readonly Histogram<double> SnapshotPause = Meter.CreateHistogram<double>(
        "durably.snapshot.pause", "s", "Time operations' applies waited while the state was serialized for a snapshot.");

    /// <summary>The size of each snapshot written.</summary>
    internal static readonly Histogram<long> SnapshotSize = Meter.CreateHistogram<long>(
        "durably.snapshot.size", "By", "Size of a snapshot of the state.");
}
