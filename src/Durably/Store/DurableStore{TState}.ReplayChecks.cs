using System.Globalization;

namespace Durably.Runtime;

/// <summary>
/// Replay's proof that it rebuilt the whole state: it begins right after the restored snapshot
/// (or at record 1) with a record the log holds, and ends at the log's last record. Anything
/// else would open a state that is not the one acknowledged, so it refuses instead.
/// </summary>
public sealed partial class DurableStore<TState>
{
    private void ThrowIfReplayCannotStart(long expected, long last)
    {
        string from = _recoveredSnapshotSequence > 0
            ? string.Create(CultureInfo.InvariantCulture, $"the restored snapshot covers records up to {_recoveredSnapshotSequence}")
            : "no snapshot was restored";
        if (expected - 1 > last)
        {
            throw new DurableReplayException(
                string.Create(CultureInfo.InvariantCulture, $"{_stateName}: {from}, but the log ends at record {last}: records {last + 1}..{expected - 1} are missing from the log. ")
                + "Refusing to open a state the log cannot account for; nothing was changed on disk. Restore the missing segment files.",
                last + 1);
        }

        long first = _log.FirstSequence;
        if (expected <= last && expected < first)
        {
            throw new DurableReplayException(
                string.Create(CultureInfo.InvariantCulture, $"{_stateName}: replay must begin at record {expected} ({from}), but the log begins at record {first}: records {expected}..{first - 1} are not in the log (retired behind a snapshot that is not usable). ")
                + "Refusing to open a state built without them; nothing was changed on disk. Restore this log's snapshot files or its retired segment files.",
                expected);
        }
    }

    private void ThrowIfReplayStoppedShort(long last)
    {
        if (_lastApplied != last)
        {
            throw new DurableReplayException(
                string.Create(CultureInfo.InvariantCulture, $"{_stateName}: replay ended at record {_lastApplied}, but the log ends at record {last}: records {_lastApplied + 1}..{last} were not replayed. ")
                + "Refusing to open a state without them; nothing was changed on disk. Check the log with 'durably verify'.",
                _lastApplied + 1);
        }
    }
}
