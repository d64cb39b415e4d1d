namespace Durably.Benchmarks;

/// <summary>
/// The snapshot benchmark's state: balances of a fixed set of accounts (a state that does not grow
/// with history, so recovery time shows what snapshots bound) and an optional bulk of text entries
/// (to give the state a chosen size in MB for the pause measurement).
/// </summary>
[DurableState]
public sealed partial class SnapshotBenchmarkState
{
    private readonly Dictionary<int, long> _balances = [];
    private readonly Dictionary<long, string> _entries = [];

    /// <summary>The sum of all balances (constant: moves only move).</summary>
    public long Total => _balances.Values.Sum();

    /// <summary>How many text entries the state holds.</summary>
    public int EntryCount => _entries.Count;

    [Operation("move")]
    private void Move(int from, int to, long amount)
    {
        _balances[from] = _balances.GetValueOrDefault(from) - amount;
        _balances[to] = _balances.GetValueOrDefault(to) + amount;
    }

    /// <summary>Adds <paramref name="count"/> entries of <paramref name="length"/> characters, derived from the parameters only.</summary>
    [Operation("fill")]
    private void Fill(long first, int count, int length)
    {
        for (long key = first; key < first + count; key++)
        {
            _entries[key] = string.Create(length, key, static (span, k) =>
            {
                for (int i = 0; i < span.Length; i++)
                {
                    span[i] = (char)('a' + ((k + i) % 26));
                }
            });
        }
    }
}
