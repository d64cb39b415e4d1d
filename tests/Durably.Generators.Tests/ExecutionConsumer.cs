namespace Durably.Generators.Tests;

/// <summary>The consumer code the execution tests compile with the generator and run against real logs.</summary>
internal static class ExecutionConsumer
{
    /// <summary>Shared by both versions: the options and a snapshot accessor.</summary>
    private const string Common = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Durably;

        namespace Consumer;

        public static class Directories
        {
            public static DurableOptions Options(string root) => new()
            {
                PrimaryDirectory = Path.Combine(root, "primary"),
                SecondaryDirectory = Path.Combine(root, "secondary"),
                Log = { SegmentSize = 1 << 20 },
                // These tests are about replaying records: no snapshot on dispose.
                Snapshots = SnapshotPolicy.Manual,
            };
        }

        public sealed record Address(string Street, string City, string? Country = null);

        public sealed class Customer
        {
            public string Name { get; set; } = "";
            public List<Address> Addresses { get; set; } = new();
            public Dictionary<string, int>? Scores { get; set; }
        }

        public readonly record struct Money(string Currency, decimal Amount);
        """;

    /// <summary>Version 1 of the bank.</summary>
    public const string Version1 = Common + """

        [DurableState]
        public partial class Bank
        {
            private readonly Dictionary<string, decimal> _balances = new();
            private readonly List<string> _journal = new();
            private List<string> _tags = new();
            private readonly Dictionary<string, Customer> _customers = new();
            private int _counter;

            public Money Limit { get; private set; } = new("EUR", 1000m);

            [Operation]
            private void Deposit(string account, decimal amount)
            {
                if (amount <= 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(amount), "a deposit must be positive");
                }

                _balances[account] = _balances.GetValueOrDefault(account) + amount;
                _journal.Add("deposit " + account + " " + amount);
            }

            [Operation]
            private bool Transfer(string from, string to, decimal amount)
            {
                if (_balances.GetValueOrDefault(from) < amount)
                {
                    return false;
                }

                _balances[from] -= amount;
                _balances[to] = _balances.GetValueOrDefault(to) + amount;
                return true;
            }

            [Operation]
            private void Sabotage(string account)
            {
                _balances[account] = -1m;
                throw new InvalidOperationException("failed after changing the state");
            }

            [Operation]
            private void Reenter(string account)
            {
                Deposit(account, 1m);
                _ = DepositAsync(account, 1m);
            }

            [Operation]
            private void Compound(string account)
            {
                Deposit(account, 5m);
                Deposit(account, 5m);
            }

            [Operation]
            private void SetTags(List<string> tags) => _tags = tags;

            [Operation]
            private int Next() => ++_counter;

            [Operation]
            private void AddCustomer(string id, Customer customer) => _customers[id] = customer;

            [Operation]
            private void SetLimit(Money limit) => Limit = limit;

            [Operation("legacy-op")]
            private void Legacy(int value) => _counter += value;

            public decimal BalanceOf(string account) => _balances.GetValueOrDefault(account);

            public string Tags => string.Join(",", _tags);

            public int Counter => _counter;

            public string Journal => string.Join("|", _journal);

            public string CustomerSummary(string id) =>
                _customers.TryGetValue(id, out Customer? c)
                    ? c.Name + ":" + string.Join(";", c.Addresses.Select(a => a.Street + "/" + a.City + "/" + (a.Country ?? "-"))) + ":" + (c.Scores is null ? "null" : string.Join(";", c.Scores.OrderBy(s => s.Key).Select(s => s.Key + "=" + s.Value)))
                    : "none";

            public byte[] Snapshot() => __durablyStore!.CaptureSnapshot();
        }

        public static class Scenario
        {
            public static async Task<string> Basics(string root)
            {
                await using Bank bank = await Bank.OpenAsync(Directories.Options(root));
                await bank.DepositAsync("alice", 100m);
                bool moved = await bank.TransferAsync("alice", "bob", 30m);
                bool refused = await bank.TransferAsync("alice", "bob", 1000m);
                return string.Join(" ", moved, refused, bank.Read(b => b.BalanceOf("alice")), bank.Read(b => b.BalanceOf("bob")), bank.DurableStatus.LastAppliedSequence);
            }

            public static async Task<string> Reopen(string root)
            {
                await using Bank bank = await Bank.OpenAsync(Directories.Options(root));
                DurableStoreStatus status = bank.DurableStatus;
                return string.Join(" ", bank.Read(b => b.BalanceOf("alice")), bank.Read(b => b.BalanceOf("bob")), status.LastAppliedSequence, status.ReplayedRecords, status.ReplayedFailures, bank.Read(b => b.Journal), bank.Read(b => b.Counter));
            }

            public static async Task<string> SnapshotAfterReopen(string root)
            {
                await using Bank bank = await Bank.OpenAsync(Directories.Options(root));
                return Convert.ToBase64String(bank.Snapshot());
            }

            public static async Task<string> Exceptions(string root)
            {
                await using Bank bank = await Bank.OpenAsync(Directories.Options(root));
                await bank.DepositAsync("alice", 10m);
                string first;
                try
                {
                    await bank.DepositAsync("alice", -5m);
                    first = "no exception";
                }
                catch (ArgumentOutOfRangeException e)
                {
                    first = e.ParamName + ":" + e.Message.Split('(')[0].Trim();
                }

                string second;
                try
                {
                    await bank.SabotageAsync("carol");
                    second = "no exception";
                }
                catch (InvalidOperationException e)
                {
                    second = e.Message;
                }

                await bank.DepositAsync("alice", 1m);
                return first + "|" + second + "|" + bank.Read(b => b.BalanceOf("alice")) + "|" + bank.Read(b => b.BalanceOf("carol")) + "|" + Convert.ToBase64String(bank.Snapshot());
            }

            public static async Task<string> Reentrancy(string root)
            {
                await using Bank bank = await Bank.OpenAsync(Directories.Options(root));
                string outcome;
                try
                {
                    await bank.ReenterAsync("dave");
                    outcome = "no exception";
                }
                catch (InvalidOperationException e)
                {
                    outcome = e.Message;
                }

                await bank.CompoundAsync("erin");
                return outcome + "|" + bank.Read(b => b.BalanceOf("dave")) + "|" + bank.Read(b => b.BalanceOf("erin")) + "|" + Convert.ToBase64String(bank.Snapshot());
            }

            public static async Task<string> LoggedValuesRun(string root)
            {
                await using Bank bank = await Bank.OpenAsync(Directories.Options(root));
                var tags = new List<string> { "logged" };
                ValueTask pending = bank.SetTagsAsync(tags);
                tags.Add("changed-after-the-call");
                await pending;
                tags.Add("changed-after-the-apply");
                return bank.Read(b => b.Tags);
            }

            public static async Task<string> Concurrent(string root, int writers, int perWriter)
            {
                await using Bank bank = await Bank.OpenAsync(Directories.Options(root));
                long before = bank.DurableStatus.LastAppliedSequence;
                int[][] results = await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
                {
                    var mine = new int[perWriter];
                    for (int i = 0; i < perWriter; i++)
                    {
                        mine[i] = await bank.NextAsync();
                    }

                    return mine;
                }));

                bool eachWriterIncreasing = results.All(r => r.Zip(r.Skip(1)).All(p => p.First < p.Second));
                int[] all = results.SelectMany(r => r).Order().ToArray();
                bool dense = all.SequenceEqual(Enumerable.Range(all[0], all.Length));
                return string.Join(" ", eachWriterIncreasing, dense, all.Length, bank.DurableStatus.LastAppliedSequence - before, bank.Read(b => b.Counter));
            }

            public static async Task<string> DataTypes(string root)
            {
                await using Bank bank = await Bank.OpenAsync(Directories.Options(root));
                var customer = new Customer
                {
                    Name = "Ada",
                    Addresses = { new Address("Main 1", "Delft"), new Address("Side 2", "Leiden", "NL") },
                    Scores = new Dictionary<string, int> { ["b"] = 2, ["a"] = 1 },
                };
                await bank.AddCustomerAsync("c1", customer);
                await bank.AddCustomerAsync("c2", new Customer { Name = "Bob" });
                customer.Name = "changed by the caller";
                await bank.SetLimitAsync(new Money("USD", 12.50m));
                return bank.Read(b => b.CustomerSummary("c1")) + "|" + bank.Read(b => b.CustomerSummary("c2")) + "|" + bank.Read(b => b.Limit);
            }

            public static async Task<string> DataTypesAfterReopen(string root)
            {
                await using Bank bank = await Bank.OpenAsync(Directories.Options(root));
                return bank.Read(b => b.CustomerSummary("c1")) + "|" + bank.Read(b => b.CustomerSummary("c2")) + "|" + bank.Read(b => b.Limit);
            }

            public static async Task<string> LegacyAndDeposits(string root)
            {
                await using Bank bank = await Bank.OpenAsync(Directories.Options(root));
                await bank.DepositAsync("alice", 10m);
                await bank.LegacyAsync(3);
                return "ok";
            }

            public static async Task<string> CancelledBeforeLogging(string root)
            {
                await using Bank bank = await Bank.OpenAsync(Directories.Options(root));
                using var cancelled = new CancellationTokenSource();
                cancelled.Cancel();
                string outcome;
                try
                {
                    await bank.DepositAsync("alice", 5m, cancellationToken: cancelled.Token);
                    outcome = "no exception";
                }
                catch (OperationCanceledException)
                {
                    outcome = "cancelled";
                }

                return outcome + " " + bank.DurableStatus.LastAppliedSequence + " " + bank.Read(b => b.BalanceOf("alice"));
            }

            public static async Task<string> AfterDispose(string root)
            {
                Bank bank = await Bank.OpenAsync(Directories.Options(root));
                await bank.DisposeAsync();
                try
                {
                    await bank.DepositAsync("alice", 5m);
                    return "no exception";
                }
                catch (ObjectDisposedException)
                {
                    return "disposed";
                }
            }

            public static Task<string> NotOpened()
            {
                try
                {
                    _ = new Bank().DepositAsync("alice", 5m);
                    return Task.FromResult("no exception");
                }
                catch (InvalidOperationException e)
                {
                    return Task.FromResult(e.Message);
                }
            }
        }
        """;

    /// <summary>
    /// Version 2: <c>Deposit</c> gained a defaulted parameter (compatible), <c>legacy-op</c> is
    /// still there, and a new operation was added.
    /// </summary>
    public static string Version2 => Version1
        .Replace("private void Deposit(string account, decimal amount)\n", "private void Deposit(string account, decimal amount, string memo = \"none\")\n", StringComparison.Ordinal)
        .Replace("_journal.Add(\"deposit \" + account + \" \" + amount);", "_journal.Add(\"deposit \" + account + \" \" + amount + \" \" + memo);", StringComparison.Ordinal)
        .Replace("await bank.DepositAsync(\"alice\", 10m);\n        await bank.LegacyAsync(3);", "await bank.DepositAsync(\"alice\", 10m, \"v2\");\n        await bank.LegacyAsync(3);", StringComparison.Ordinal);

    /// <summary>Version 3: the <c>legacy-op</c> operation was removed (incompatible with logs that hold it).</summary>
    public static string WithoutLegacy => Version1
        .Replace("[Operation(\"legacy-op\")]\n    private void Legacy(int value) => _counter += value;", string.Empty, StringComparison.Ordinal)
        .Replace("await bank.LegacyAsync(3);", string.Empty, StringComparison.Ordinal);

    /// <summary>Version 4: <c>Deposit</c> gained a parameter without a default (incompatible with old records).</summary>
    public static string WithRequiredParameter => Version1
        .Replace("private void Deposit(string account, decimal amount)\n", "private void Deposit(string account, decimal amount, int branch)\n", StringComparison.Ordinal)
        .Replace("await bank.DepositAsync(\"alice\", 100m);", "await bank.DepositAsync(\"alice\", 100m, 1);", StringComparison.Ordinal)
        .Replace("await bank.DepositAsync(\"alice\", 10m);", "await bank.DepositAsync(\"alice\", 10m, 1);", StringComparison.Ordinal)
        .Replace("await bank.DepositAsync(\"alice\", -5m);", "await bank.DepositAsync(\"alice\", -5m, 1);", StringComparison.Ordinal)
        .Replace("await bank.DepositAsync(\"alice\", 1m);", "await bank.DepositAsync(\"alice\", 1m, 1);", StringComparison.Ordinal)
        .Replace("await bank.DepositAsync(\"alice\", 5m);", "await bank.DepositAsync(\"alice\", 5m, 1);", StringComparison.Ordinal)
        .Replace("await bank.DepositAsync(\"alice\", 5m, cancellationToken: cancelled.Token);", "await bank.DepositAsync(\"alice\", 5m, 1, cancellationToken: cancelled.Token);", StringComparison.Ordinal)
        .Replace("_ = DepositAsync(account, 1m);", "_ = DepositAsync(account, 1m, 1);", StringComparison.Ordinal)
        .Replace("Deposit(account, 1m);", "Deposit(account, 1m, 1);", StringComparison.Ordinal)
        .Replace("Deposit(account, 5m);", "Deposit(account, 5m, 1);", StringComparison.Ordinal)
        .Replace("_ = new Bank().DepositAsync(\"alice\", 5m);", "_ = new Bank().DepositAsync(\"alice\", 5m, 1);", StringComparison.Ordinal);
}
