using System.Collections.Immutable;
using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;

namespace Durably.Store.Tests;

/// <summary>
/// A record is encoded into a buffer that its pooled pending operation keeps and reuses for later
/// calls. The log reads those bytes until it has settled the append, so a buffer handed to another
/// call too early would let that call's record overwrite one the log has not yet framed: the log
/// would then hold one caller's record twice and another's not at all, while the live state
/// (which applies the caller's own record object) would still look right.
/// </summary>
public sealed class RecordBufferReuseTests
{
    private const int Callers = 8;
    private const int CallsPerCaller = 400;

    [Fact]
    public async Task Every_logged_record_holds_its_own_callers_arguments_while_buffers_are_reused()
    {
        var machine = new SimulatedMachine(seed: 23);
        Journal journal = await Journal.OpenAsync(machine.Options(o => o.Snapshots = SnapshotPolicy.Manual));
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            for (int i = 0; i < CallsPerCaller; i++)
            {
                await journal.NoteAsync(Text(caller, i));
            }
        })));
        ImmutableArray<string> live = journal.Notes;
        await journal.DisposeAsync();

        // Reopening replays every record from the log (no snapshot): the log's bytes decide.
        await using Journal reopened = await Journal.OpenAsync(machine.Options(o => o.Snapshots = SnapshotPolicy.Manual));
        ImmutableArray<string> replayed = reopened.Notes;

        string[] sent = [.. Enumerable.Range(0, Callers).SelectMany(caller => Enumerable.Range(0, CallsPerCaller).Select(i => Text(caller, i)))];
        Assert.Equal<string>(sent.Order(StringComparer.Ordinal), live.Order(StringComparer.Ordinal));
        Assert.Equal<string>(live, replayed);
    }

    // Lengths from a few bytes to past the size a pooled buffer keeps, so buffers grow, are kept and are dropped.
    private static string Text(int caller, int i) =>
        caller + ":" + i + ":" + new string((char)('a' + ((caller + i) % 26)), ((caller * 131) + (i * 17)) % 1500);
}
