namespace Durably.Storage.Recovery;

/// <summary>
/// The one place that decides what happens when recovery finds that records which were (or may
/// have been) acknowledged cannot be recovered: <see cref="LogRecoveryMode.Strict"/> refuses to
/// open with <see cref="LogCorruptException"/>; <see cref="LogRecoveryMode.AcceptDataLoss"/>
/// records the loss (<see cref="RepairKind.DataLossAccepted"/>) and lets recovery truncate.
/// </summary>
internal sealed class DataLossDecision
{
    private readonly LogRecoveryMode _mode;
    private readonly RepairReport _report;

    internal DataLossDecision(LogRecoveryMode mode, RepairReport report)
    {
        _mode = mode;
        _report = report;
    }

    /// <summary>
    /// Refuses (throws) in strict mode; otherwise records the accepted loss and returns, and the
    /// caller carries out the truncation it describes in <paramref name="whatIsDone"/>.
    /// </summary>
    /// <param name="finding">What was found, naming the sequence, copies, files and offsets.</param>
    /// <param name="sequence">The first sequence number that would be lost.</param>
    /// <param name="locations">Per copy: file, offset and state.</param>
    /// <param name="whatIsDone">What accepting the loss does, e.g. "the log was truncated before that record".</param>
    /// <param name="copy">The copy the loss is recorded against, or null for the log.</param>
    /// <param name="file">The file concerned, or null.</param>
    /// <param name="offset">The offset concerned, or -1.</param>
    internal void RefuseOrAccept(string finding, long sequence, IReadOnlyList<string> locations, string whatIsDone, string? copy = null, string? file = null, long offset = -1)
    {
        if (_mode == LogRecoveryMode.Strict)
        {
            throw new LogCorruptException(
                finding + " Refusing to open; open with RecoveryMode.AcceptDataLoss to accept the loss (" + whatIsDone + ").",
                sequence,
                locations);
        }

        _report.Add(new RepairRecord(RepairKind.DataLossAccepted, copy, file, offset, 0, sequence, finding + " " + whatIsDone + "."));
    }
}
