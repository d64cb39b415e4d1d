using Durably.Analyzers.Tests.Infrastructure;

namespace Durably.Analyzers.Tests;

/// <summary>Correct durable code, written the way the design asks for, gets no diagnostic at all.</summary>
public sealed class NoFalsePositivesTests
{
    private const string Ledger = """
        using System.Collections.Immutable;

        namespace Bank;

        public sealed record Movement(string Account, decimal Amount, DateTimeOffset At);

        public readonly record struct AccountSummary(string Account, decimal Balance, int Movements);

        [DurableState]
        public partial class Ledger
        {
            private readonly Dictionary<string, decimal> _balances = new(StringComparer.Ordinal);
            private readonly List<Movement> _movements = new();
            private readonly HashSet<string> _frozen = new(StringComparer.Ordinal);
            private static readonly IReadOnlyList<string> s_reservedNames = ["bank", "fees"];
            private long _version;

            public Ledger()
            {
                OpenAccount("fees");
            }

            /// <summary>The movements, an immutable copy.</summary>
            [Query]
            private ImmutableArray<Movement> MovementsCore => [.. _movements];

            [Query]
            private ImmutableDictionary<string, decimal> BalancesCore => _balances.ToImmutableDictionary();

            [Query]
            private long VersionCore => _version;

            private string StoredName { get; set; } = "main";

            [Query]
            private string NameCore => StoredName;

            [Operation]
            private void Deposit(string account, decimal amount, DateTimeOffset at)
            {
                if (amount <= 0) throw new ArgumentOutOfRangeException(nameof(amount));
                EnsureOpen(account);
                Credit(account, amount, at);
                _version++;
            }

            [Operation("transfer-v1")]
            private bool Transfer(string from, string to, decimal amount, DateTimeOffset at)
            {
                if (amount <= 0 || _frozen.Contains(from) || BalanceOfCore(from) < amount)
                {
                    return false;
                }

                EnsureOpen(to);
                Debit(from, amount, at);
                Credit(to, amount, at);
                _version++;
                return true;
            }

            [Operation]
            private void Freeze(string account)
            {
                _frozen.Add(account);
                Deposit(account, 0.01m, DateTimeOffset.UnixEpoch);
            }

            [Operation]
            private void Rename(string name) => StoredName = name;

            [Operation]
            private int Compact(int keep)
            {
                int removed = Math.Max(0, _movements.Count - keep);
                _movements.RemoveRange(0, removed);
                _movements.Sort((a, b) => a.At.CompareTo(b.At));
                foreach (string account in _balances.Keys.ToList())
                {
                    if (_balances[account] == 0 && !s_reservedNames.Contains(account)) _balances.Remove(account);
                }

                (_version, int local) = (_version + 1, removed);
                return local;
            }

            private void Debit(string account, decimal amount, DateTimeOffset at) => Apply(account, -amount, at);

            private void Credit(string account, decimal amount, DateTimeOffset at) => Apply(account, amount, at);

            private void Apply(string account, decimal delta, DateTimeOffset at)
            {
                _balances[account] = _balances.GetValueOrDefault(account) + delta;
                _movements.Add(new Movement(account, delta, at));
            }

            private void EnsureOpen(string account)
            {
                if (!_balances.ContainsKey(account)) OpenAccount(account);
            }

            private void OpenAccount(string account) => _balances.TryAdd(account, 0m);

            [Query]
            private decimal BalanceOfCore(string account) => _balances.GetValueOrDefault(account);

            [Query]
            private bool IsFrozenCore(string account) => _frozen.Contains(account);

            [Query]
            private ImmutableArray<AccountSummary> SummariesCore() =>
            [
                .. _balances
                    .OrderBy(pair => pair.Key, StringComparer.Ordinal)
                    .Select(pair => new AccountSummary(pair.Key, pair.Value, _movements.Count(m => m.Account == pair.Key))),
            ];

            [Query]
            private ImmutableList<Movement> MovementsOfCore(string account) => _movements.Where(m => m.Account == account).ToImmutableList();

            [Query]
            private decimal TotalCore()
            {
                decimal total = 0;
                foreach (decimal balance in _balances.Values) total += balance;
                var copy = new List<Movement>(_movements);
                copy.Add(new Movement("x", 0, default));
                copy.Clear();
                return total;
            }
        }
        """;

    private const string GeneratedLedger = """
        // <auto-generated/>
        #nullable enable
        namespace Bank;

        partial class Ledger
        {
            public global::System.Threading.Tasks.ValueTask DepositAsync(string account, decimal amount, global::System.DateTimeOffset at, global::System.Threading.CancellationToken ct = default)
            {
                Deposit(account, amount, at);
                return default;
            }

            public global::System.Threading.Tasks.ValueTask<bool> TransferAsync(string from, string to, decimal amount, global::System.DateTimeOffset at, global::System.Threading.CancellationToken ct = default)
                => new(Transfer(from, to, amount, at));

            public global::System.Threading.Tasks.ValueTask FreezeAsync(string account, global::System.Threading.CancellationToken ct = default)
            {
                Freeze(account);
                return default;
            }

            public global::System.Threading.Tasks.ValueTask RenameAsync(string name, global::System.Threading.CancellationToken ct = default)
            {
                Rename(name);
                return default;
            }

            public global::System.Threading.Tasks.ValueTask<int> CompactAsync(int keep, global::System.Threading.CancellationToken ct = default)
                => new(Compact(keep));

            public global::System.Collections.Immutable.ImmutableArray<global::Bank.Movement> Movements => MovementsCore;

            public global::System.Collections.Immutable.ImmutableDictionary<string, decimal> Balances => BalancesCore;

            public long Version => VersionCore;

            public string Name => NameCore;

            public decimal BalanceOf(string account) => BalanceOfCore(account);

            public bool IsFrozen(string account) => IsFrozenCore(account);

            public global::System.Collections.Immutable.ImmutableArray<global::Bank.AccountSummary> Summaries() => SummariesCore();

            public global::System.Collections.Immutable.ImmutableList<global::Bank.Movement> MovementsOf(string account) => MovementsOfCore(account);

            public decimal Total() => TotalCore();
        }
        """;

    private const string Caller = """
        namespace Bank;

        public static class Teller
        {
            public static async Task<decimal> RunAsync(Ledger ledger)
            {
                DateTimeOffset now = DateTimeOffset.UtcNow;
                await ledger.DepositAsync("alice", 100m, now);
                bool moved = await ledger.TransferAsync("alice", "bob", 30m, now);
                await ledger.FreezeAsync("bob");
                await ledger.RenameAsync("renamed");
                int removed = await ledger.CompactAsync(10);
                foreach (var movement in ledger.Movements) Console.WriteLine(movement);
                var mine = ledger.MovementsOf("alice").Add(new Movement("alice", 1, now));
                return ledger.BalanceOf("bob") + ledger.Total() + (moved ? removed : 0) + ledger.Version;
            }
        }
        """;

    [Fact]
    public Task A_realistic_correct_ledger_gets_no_diagnostics() =>
        AnalyzerVerifier.VerifyAsync(Ledger, GeneratedLedger, Caller);

    [Fact]
    public Task Reads_locks_out_locals_lookups_and_local_copies_are_not_changes() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Catalog
            {
                private static readonly Dictionary<string, int> s_codes = new() { ["a"] = 1 };
                private readonly object _gate = new();
                private readonly Dictionary<string, int> _stock = new();
                private readonly List<string> _names = new();
                private string _title = "";

                static Catalog() => s_codes["b"] = 2;

                [Operation]
                private void Add(string name, int count)
                {
                    _names.Add(name);
                    _stock[name] = count;
                    _title = _title.Replace("old", name);
                }

                public int CountOf(string name)
                {
                    lock (_gate)
                    {
                        return {|DS0012:_stock|}.TryGetValue(name, out int count) ? count : s_codes.GetValueOrDefault(name);
                    }
                }

                public string[] Sorted()
                {
                    string[] copy = {|DS0012:_names|}.ToArray();
                    Array.Sort(copy);
                    var local = new List<string>(_names);
                    local.Reverse();
                    return copy;
                }

                public IEnumerable<string> Stream()
                {
                    foreach (string name in {|DS0012:_names|}) yield return name;
                }

                public override string ToString() => {|DS0012:_title|} + _names.Count + string.Join(",", _stock.Keys);
            }
            """);
}
