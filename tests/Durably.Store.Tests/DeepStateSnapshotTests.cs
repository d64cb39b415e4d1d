using Durably.Runtime;
using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;

namespace Durably.Store.Tests;

/// <summary>
/// A state that nests deeper than the reader's depth limit (a chain of linked objects) cannot be
/// snapshotted: a snapshot that deep would be written, then refused by every reopen, and once the log
/// behind it was retired the state could not be rebuilt at all. Writing enforces the reader's limit,
/// so such a snapshot is refused with a typed error, nothing is written, the store goes on and
/// reopening replays the log. Up to the limit, snapshots round-trip. Far beyond it, writing fails
/// cleanly instead of exhausting the stack.
/// </summary>
public sealed class DeepStateSnapshotTests
{
    private static DurableOptions Options(TemporaryDirectory directory, SnapshotPolicy policy, Action<string>? onMessage = null) => directory.Options(o =>
    {
        o.Log.SegmentSize = 64 << 10;
        o.Log.OnMessage = onMessage;
        o.Snapshots = policy;
    });

    private static SnapshotPolicy OnDisposeOnly => new() { RecordsBetweenSnapshots = 0, LogBytesBetweenSnapshots = 0, OnDispose = true };

    private static string[] SnapshotFiles(TemporaryDirectory directory) =>
        [.. new[] { "primary", "secondary" }.SelectMany(copy => Directory.GetFiles(Path.Combine(directory.Path, copy), "snap-*"))];

    private static ChainLink Build(int length)
    {
        ChainLink link = new(length, null);
        for (int i = length - 1; i > 0; i--)
        {
            link = new ChainLink(i, link);
        }

        return link;
    }

    [Fact]
    public async Task A_state_nested_deeper_than_the_reader_allows_refuses_its_snapshot_and_reopens_by_replaying_the_log()
    {
        using var directory = new TemporaryDirectory();
        var messages = new List<string>();
        int[] live;
        await using (Chain chain = await Chain.OpenAsync(Options(directory, OnDisposeOnly, m => { lock (messages) { messages.Add(m); } })))
        {
            for (int i = 0; i < 150; i++)
            {
                await chain.PushAsync(i);
            }

            DurableSnapshotException refused = await Assert.ThrowsAsync<DurableSnapshotException>(() => chain.SnapshotAsync());
            Assert.Contains("nests more than 100 levels deep", refused.Message, StringComparison.Ordinal);
            Assert.Contains("nothing is lost", refused.Message, StringComparison.Ordinal);
            Assert.IsType<MessagePackSerializationException>(refused.InnerException);

            // The store goes on.
            Assert.False(chain.DurableStatus.IsFaulted);
            Assert.Equal(0, chain.DurableStatus.SnapshotSequence);
            await chain.PushAsync(150);
            Assert.Equal(151, chain.Length);
            live = [.. chain.Values];
        }

        // The snapshot a clean dispose takes was refused too: nothing that cannot be read back was written.
        Assert.Empty(SnapshotFiles(directory));
        lock (messages)
        {
            Assert.Equal(2, messages.Count(m => m.Contains("nests more than 100 levels deep", StringComparison.Ordinal)));
        }

        await using (Chain reopened = await Chain.OpenAsync(Options(directory, OnDisposeOnly)))
        {
            Assert.Equal(0, reopened.DurableStatus.RecoveredSnapshotSequence);
            Assert.Equal(151, reopened.DurableStatus.ReplayedRecords);
            Assert.Equal(live, reopened.Values);
        }
    }

    [Fact]
    public async Task A_state_exactly_at_the_limit_snapshots_and_restores_and_one_level_more_is_refused()
    {
        using var directory = new TemporaryDirectory();
        int[] atLimit;
        await using (Chain chain = await Chain.OpenAsync(Options(directory, SnapshotPolicy.Manual)))
        {
            await chain.GrowAsync(MessagePackReader.DefaultMaximumDepth);
            Assert.Equal(1, await chain.SnapshotAsync());
            atLimit = [.. chain.Values];
        }

        int[] live;
        await using (Chain chain = await Chain.OpenAsync(Options(directory, SnapshotPolicy.Manual)))
        {
            Assert.Equal(1, chain.DurableStatus.RecoveredSnapshotSequence);
            Assert.Equal(0, chain.DurableStatus.ReplayedRecords);
            Assert.Equal(atLimit, chain.Values);

            await chain.PushAsync(-1);
            await Assert.ThrowsAsync<DurableSnapshotException>(() => chain.SnapshotAsync());
            live = [.. chain.Values];
        }

        await using (Chain reopened = await Chain.OpenAsync(Options(directory, SnapshotPolicy.Manual)))
        {
            Assert.Equal(1, reopened.DurableStatus.RecoveredSnapshotSequence);
            Assert.Equal(1, reopened.DurableStatus.ReplayedRecords);
            Assert.Equal(live, reopened.Values);
        }
    }

    [Fact]
    public async Task Snapshots_the_policy_takes_while_a_state_grows_past_the_limit_stop_counting_and_operations_go_on()
    {
        using var directory = new TemporaryDirectory();
        var policy = new SnapshotPolicy { RecordsBetweenSnapshots = 25, LogBytesBetweenSnapshots = 0, OnDispose = true, LogToSnapshotRatio = 0 };
        int[] live;
        await using (Chain chain = await Chain.OpenAsync(Options(directory, policy)))
        {
            for (int i = 0; i < 150; i++)
            {
                await chain.PushAsync(i);
            }

            // The apply thread met the refusals (no caller asked) and went on applying.
            Assert.False(chain.DurableStatus.IsFaulted);
            Assert.Equal(150, chain.Length);
            live = [.. chain.Values];
        }

        await using (Chain reopened = await Chain.OpenAsync(Options(directory, policy)))
        {
            long recovered = reopened.DurableStatus.RecoveredSnapshotSequence;
            Assert.InRange(recovered, 25, MessagePackReader.DefaultMaximumDepth);
            Assert.Equal(150 - recovered, reopened.DurableStatus.ReplayedRecords);
            Assert.Equal(live, reopened.Values);
        }
    }

    [Fact]
    public async Task A_chain_far_deeper_than_the_stack_fails_cleanly_as_a_snapshot_and_as_an_argument()
    {
        const int Depth = 1_000_000; // without the depth limit on write, serializing this overflowed the stack and killed the process
        using var directory = new TemporaryDirectory();
        await using (Chain chain = await Chain.OpenAsync(Options(directory, OnDisposeOnly)))
        {
            await chain.GrowAsync(Depth);
            await Assert.ThrowsAsync<DurableSnapshotException>(() => chain.SnapshotAsync());

            // An argument that deep is refused before it is logged, on the caller's thread.
            long before = chain.DurableStatus.LastAppliedSequence;
            MessagePackSerializationException argument = await Assert.ThrowsAsync<MessagePackSerializationException>(async () => await chain.PrependAsync(Build(Depth)));
            Assert.Contains("maximum depth of 100", argument.Message, StringComparison.Ordinal);
            Assert.Equal(before, chain.DurableStatus.LastAppliedSequence);
            Assert.Equal(Depth, chain.Length);
        }

        Assert.Empty(SnapshotFiles(directory));
        await using Chain reopened = await Chain.OpenAsync(Options(directory, OnDisposeOnly));
        Assert.Equal(1, reopened.DurableStatus.ReplayedRecords);
        Assert.Equal(Depth, reopened.Length);
    }

    [Fact]
    public async Task A_state_value_that_cannot_be_serialized_refuses_the_snapshot_without_stopping_the_apply_thread()
    {
        // Apply code can make values no argument could carry: here half of a surrogate pair.
        using var directory = new TemporaryDirectory();
        var policy = new SnapshotPolicy { RecordsBetweenSnapshots = 1, LogBytesBetweenSnapshots = 0, OnDispose = true, LogToSnapshotRatio = 0 };
        await using (Chain chain = await Chain.OpenAsync(Options(directory, policy)))
        {
            await chain.SetLabelAsync("\U0001F600", 1);
            DurableSnapshotException refused = await Assert.ThrowsAsync<DurableSnapshotException>(() => chain.SnapshotAsync());
            Assert.Contains("could not be serialized as a snapshot", refused.Message, StringComparison.Ordinal);

            // The policy's own attempts after each record were refused on the apply thread; it still applies.
            await chain.PushAsync(1);
            await chain.SetLabelAsync("ok", 2);
            Assert.Equal(3, await chain.SnapshotAsync());
        }

        await using Chain reopened = await Chain.OpenAsync(Options(directory, policy));
        Assert.Equal(3, reopened.DurableStatus.RecoveredSnapshotSequence);
        Assert.Equal("ok", reopened.Label);
        Assert.Equal(1, Assert.Single(reopened.Values));
    }
}
