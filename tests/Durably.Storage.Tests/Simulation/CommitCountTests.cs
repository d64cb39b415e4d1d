namespace Durably.Storage.Tests.Simulation;

/// <summary>
/// The status counts group commits: appends queued while no frame is on disk go into one frame,
/// which is one commit; the count starts again at zero when the log is reopened.
/// </summary>
public sealed class CommitCountTests
{
    [Fact]
    public async Task Appends_queued_together_are_one_commit_and_the_count_restarts_on_reopening()
    {
        var sim = new SimulatedLogFixture();
        DurableLog log = sim.Open();
        Assert.Equal(0, log.Status.CommitCount);

        ValueTask<long>[] together = [.. Enumerable.Range(1, 5).Select(n => log.AppendAsync(SimulatedLogFixture.Record(n, 40)))];
        SimulatedLogFixture.Pump(log);
        Assert.Equal([1L, 2, 3, 4, 5], together.Select(SimulatedLogFixture.ResultOf));
        Assert.Equal(1, log.Status.CommitCount);

        Assert.Equal(6, SimulatedLogFixture.AppendNow(log, SimulatedLogFixture.Record(6, 40)));
        Assert.Equal(2, log.Status.CommitCount);
        await log.DisposeAsync();

        DurableLog reopened = sim.Open();
        Assert.Equal(0, reopened.Status.CommitCount);
        Assert.Equal(6, reopened.LastSequence);
        await reopened.DisposeAsync();
    }
}
