using System.Reflection;
using Durably.Runtime;
using Durably.Storage;
using Durably.Storage.Snapshots;
using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;

namespace Durably.Store.Tests;

/// <summary>
/// Replay proves it rebuilt the whole state: it starts right after the restored snapshot and ends at
/// the log's last record, or refuses; and reading records the log no longer holds (retired behind a
/// snapshot) is an error, never an empty sequence.
/// </summary>
public sealed class ReplayCompletenessTests
{
    private static DurableOptions Options(TemporaryDirectory directory) => directory.Options(o =>
    {
        o.Log.SegmentSize = 64 << 10;
        o.Snapshots = SnapshotPolicy.Manual;
    });

    /// <summary>A log of 120 records with snapshots at 40, 80 and 120, its early segments retired.</summary>
    private static async Task WriteRetiredLog(TemporaryDirectory directory)
    {
        await using Journal journal = await Journal.OpenAsync(Options(directory));
        for (int i = 1; i <= 120; i++)
        {
            await journal.AppendAsync(i % 5);
            if (i % 40 == 0)
            {
                await journal.SnapshotAsync();
            }
        }

        Assert.True(journal.DurableStatus.Log.RetiredSegmentCount > 0);
    }

    [Fact]
    public async Task Reading_from_before_the_first_record_the_log_holds_is_an_error_not_an_empty_sequence()
    {
        using var directory = new TemporaryDirectory();
        await WriteRetiredLog(directory);
        await using DurableLog log = await DurableLog.OpenAsync(Options(directory).Log);
        long first = log.FirstSequence;
        Assert.InRange(first, 2, 80);
        Assert.Equal(120 - first + 1, log.ReadFrom(first).Count());
        ArgumentOutOfRangeException refused = Assert.Throws<ArgumentOutOfRangeException>(() => log.ReadFrom(1));
        Assert.Contains("retired", refused.Message, StringComparison.Ordinal);
        Assert.Empty(log.ReadFrom(121));
    }

    [Fact]
    public async Task Replay_that_would_not_start_right_after_the_snapshot_is_refused()
    {
        using var directory = new TemporaryDirectory();
        await WriteRetiredLog(directory);
        await using DurableLog log = await DurableLog.OpenAsync(Options(directory).Log);
        Assert.Equal(120, log.RecoveredSnapshot!.Sequence);

        // As if recovery had lost the snapshot: replay would begin at record 1, which the log no longer holds.
        SetRecoveredSnapshot(log, null);
        DurableStore<Journal> store = new(new Journal(), log, SnapshotAccess.Codec<Journal>(), SnapshotPolicy.Manual);
        DurableReplayException refused = Assert.Throws<DurableReplayException>(() => store.Replay(CancellationToken.None));
        Assert.Equal(1, refused.Sequence);
        Assert.Contains("records 1.." + (log.FirstSequence - 1), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_that_would_not_end_at_the_last_record_of_the_log_is_refused()
    {
        using var directory = new TemporaryDirectory();
        await WriteRetiredLog(directory);
        await using DurableLog log = await DurableLog.OpenAsync(Options(directory).Log);
        RecoveredSnapshot snapshot = log.RecoveredSnapshot!;

        // As if recovery had kept a snapshot past the log's end: the state would claim records the log lacks.
        SetRecoveredSnapshot(log, snapshot with { Sequence = 125 });
        DurableStore<Journal> store = new(new Journal(), log, SnapshotAccess.Codec<Journal>(), SnapshotPolicy.Manual);
        DurableReplayException refused = Assert.Throws<DurableReplayException>(() => store.Replay(CancellationToken.None));
        Assert.Contains("the log ends at record 120", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_with_bytes_after_its_value_is_refused_by_replay_naming_its_sequence()
    {
        using var directory = new TemporaryDirectory();
        await using (Journal journal = await Journal.OpenAsync(Options(directory)))
        {
            for (int i = 1; i <= 3; i++)
            {
                await journal.AppendAsync(i);
            }
        }

        // Record 4: a valid Append record followed by one more byte (a MessagePack nil).
        await using (DurableLog log = await DurableLog.OpenAsync(Options(directory).Log))
        {
            byte[] valid = log.ReadFrom(3).Single().Payload.ToArray();
            Assert.Equal(4, await log.AppendAsync((byte[])[.. valid, 0xC0]));
        }

        DurableReplayException refused = await Assert.ThrowsAsync<DurableReplayException>(async () => await Journal.OpenAsync(Options(directory)));
        Assert.Equal(4, refused.Sequence);
        Assert.Contains("1 byte(s) after its end", refused.ToString(), StringComparison.Ordinal);
    }

    private static void SetRecoveredSnapshot(DurableLog log, RecoveredSnapshot? snapshot) =>
        typeof(DurableLog).GetField("<RecoveredSnapshot>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)!.SetValue(log, snapshot);
}
