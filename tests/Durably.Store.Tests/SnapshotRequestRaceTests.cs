using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;

namespace Durably.Store.Tests;

/// <summary>
/// A snapshot request must wake the apply thread whenever it arrives. A request that landed after
/// the apply thread last looked for requests but before it reset its wake-up event was slept
/// through, and <c>SnapshotAsync</c> never completed (the Ledger's <c>snapshot</c> command hung
/// about one run in sixteen). Requests here come back to back, on an idle store and between
/// operations, so the gap is hit many times; each must complete.
/// </summary>
public sealed class SnapshotRequestRaceTests
{
    private const int Requests = 3_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Every_snapshot_request_completes_whether_or_not_anything_was_applied_since_the_last()
    {
        var machine = new SimulatedMachine(seed: 5);
        await using Journal journal = await Journal.OpenAsync(machine.Options(o => o.Snapshots = SnapshotPolicy.Manual));
        long last = 0;
        for (int i = 0; i < Requests; i++)
        {
            if (i % 100 == 0)
            {
                last = await journal.AppendAsync(i % 7);
            }

            long covered = await journal.SnapshotAsync().WaitAsync(Patience);
            Assert.Equal(last, covered);
        }
    }
}
