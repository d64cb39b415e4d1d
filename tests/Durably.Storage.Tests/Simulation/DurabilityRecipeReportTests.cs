namespace Durably.Storage.Tests.Simulation;

/// <summary>
/// The log's opening message says how each frame is made durable, so an operator reading the logs
/// of a service can tell which of the three recipes (and whether read-back) it runs with.
/// </summary>
public sealed class DurabilityRecipeReportTests
{
    [Theory]
    [InlineData(true, true, true, "durability each frame an O_DSYNC write chained to an fdatasync per copy, read back and checked before it is acknowledged;")]
    [InlineData(false, true, true, "durability each frame a write chained to an fdatasync per copy (O_DSYNC off), read back and checked before it is acknowledged;")]
    [InlineData(true, false, false, "durability each frame an O_DSYNC write per copy (no fdatasync), not read back (verify off);")]
    public void The_opening_message_names_how_frames_are_made_durable(bool dataSync, bool fdatasync, bool verify, string expected)
    {
        var sim = new SimulatedLogFixture { DataSync = dataSync, SyncAfterWrite = fdatasync, Verify = verify };
        _ = sim.Open();

        string opened;
        lock (sim.Messages)
        {
            opened = Assert.Single(sim.Messages, m => m.Contains(" opened: engine ", StringComparison.Ordinal));
        }

        Assert.Contains(expected, opened, StringComparison.Ordinal);
    }
}
