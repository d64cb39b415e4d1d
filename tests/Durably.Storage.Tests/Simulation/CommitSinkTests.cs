using Durably.Storage.Format;
using Durably.Testing;

namespace Durably.Storage.Tests.Simulation;

/// <summary>
/// Appends made with a token are reported to the log's one commit sink: durable frames in sequence
/// order, each record exactly once, and nothing reported durable after a fault.
/// </summary>
public sealed class CommitSinkTests
{
    [Fact]
    public async Task Concurrent_appends_reach_the_sink_once_each_in_consecutive_sequence_order()
    {
        var sim = new SimulatedLogFixture { SegmentSize = 64 * 1024 };
        await using DurableLog log = sim.Open(manual: false);
        var sink = new RecordingSink();
        log.AttachCommitSink(sink);
        const int Appenders = 8;
        const int PerAppender = 300;

        await Task.WhenAll(Enumerable.Range(0, Appenders).Select(appender => Task.Run(() =>
        {
            for (int i = 0; i < PerAppender; i++)
            {
                Assert.Null(log.TryAppend(SimulatedLogFixture.Record(i, 40), (appender, i)));
            }
        })));
        Assert.True(SpinWait.SpinUntil(() => sink.CommittedCount == Appenders * PerAppender, TimeSpan.FromSeconds(30)), "not every append was reported");

        List<CommittedAppend> committed = sink.Committed();
        Assert.Equal(Enumerable.Range(1, Appenders * PerAppender).Select(s => (long)s), committed.Select(c => c.Sequence));
        Assert.Equal(Appenders * PerAppender, committed.Select(c => c.Token).Distinct().Count());

        // Each appender's records are sequenced in the order it appended them.
        foreach (IGrouping<int, (int Appender, int Index)> mine in committed.Select(c => ((int, int))c.Token).GroupBy(t => t.Item1))
        {
            Assert.Equal(Enumerable.Range(0, PerAppender), mine.Select(t => t.Index));
        }

        Assert.Empty(sink.Failures());
    }

    [Fact]
    public async Task After_a_fault_the_pending_appends_fail_and_nothing_later_is_reported_durable()
    {
        var sim = new SimulatedLogFixture();
        DurableLog log = sim.Open();
        var sink = new RecordingSink();
        log.AttachCommitSink(sink);
        Assert.Null(log.TryAppend(SimulatedLogFixture.Record(1, 100), "first"));
        SimulatedLogFixture.Pump(log);
        Assert.Equal([new CommittedAppend(1, "first")], sink.Committed());

        sim.Secondary.InjectFault(new SimulatedFault(SimulatedFaultKind.SyncError, pathContains: SegmentFileName.For(1)));
        Assert.Null(log.TryAppend(SimulatedLogFixture.Record(2, 100), "second"));
        Assert.Null(log.TryAppend(SimulatedLogFixture.Record(3, 100), "third"));
        SimulatedLogFixture.Pump(log);

        Assert.Single(sink.Committed());
        List<(object Token, Exception Error)> failures = sink.Failures();
        Assert.Equal(["second", "third"], failures.Select(f => f.Token).Order());
        Assert.All(failures, f => Assert.Contains("unknown", Assert.IsType<LogFaultedException>(f.Error).Message, StringComparison.Ordinal));

        // A later append is refused at once; the sink hears nothing of it.
        Assert.IsType<LogFaultedException>(log.TryAppend(SimulatedLogFixture.Record(4, 100), "fourth"));
        SimulatedLogFixture.Pump(log);
        Assert.Single(sink.Committed());
        Assert.Equal(2, sink.Failures().Count);
        await log.DisposeAsync();
    }

    private sealed class RecordingSink : ICommitSink
    {
        private readonly List<CommittedAppend> _committed = [];
        private readonly List<(object, Exception)> _failures = [];

        public int CommittedCount
        {
            get
            {
                lock (_committed)
                {
                    return _committed.Count;
                }
            }
        }

        public List<CommittedAppend> Committed()
        {
            lock (_committed)
            {
                return [.. _committed];
            }
        }

        public List<(object Token, Exception Error)> Failures()
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }

        public void OnCommitted(ReadOnlySpan<CommittedAppend> commit)
        {
            lock (_committed)
            {
                foreach (CommittedAppend record in commit)
                {
                    _committed.Add(record);
                }
            }
        }

        public void OnFailed(object token, Exception error)
        {
            lock (_failures)
            {
                _failures.Add((token, error));
            }
        }
    }
}
