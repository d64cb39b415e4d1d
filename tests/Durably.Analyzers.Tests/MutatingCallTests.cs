using Durably.Analyzers.Tests.Infrastructure;

namespace Durably.Analyzers.Tests;

/// <summary>DS0002: changes of the value held in a durable member.</summary>
public sealed class MutatingCallTests
{
    [Fact]
    public Task Collection_mutators_are_reported_outside_operations_and_allowed_inside() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Inventory
            {
                private readonly List<string> _items = new();
                private readonly Dictionary<string, int> _stock = new();
                private readonly HashSet<string> _tags = new();
                private readonly Queue<int> _queue = new();

                [Operation]
                private void Receive(string item, int count)
                {
                    _items.Add(item);
                    _stock[item] = _stock.GetValueOrDefault(item) + count;
                    _tags.UnionWith(new[] { item });
                    _queue.Enqueue(count);
                    _items.Sort();
                }

                public void Tamper()
                {
                    {|DS0002:_items.Add("x")|};
                    {|DS0002:_items.RemoveAt(0)|};
                    {|DS0002:this._items.Sort()|};
                    {|DS0002:_stock["x"]|} = 1;
                    {|DS0002:_stock["x"]|} += 1;
                    {|DS0002:_stock.Remove("x")|};
                    {|DS0002:_stock.TryAdd("y", 2)|};
                    {|DS0002:_tags.Clear()|};
                    {|DS0002:_queue.Dequeue()|};
                }

                public int Reads() => _items.Count + _stock.Count + _items.IndexOf("x") + (_stock.TryGetValue("x", out int v) ? v : 0)
                    + (_tags.Contains("t") ? 1 : 0) + _queue.Peek() + _items.Where(i => i.Length > 0).Count();
            }
            """);

    [Fact]
    public Task Array_elements_and_nested_object_setters_are_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            public sealed class Address { public string City { get; set; } = ""; public List<string> Lines { get; } = new(); }
            public struct Stats { public int Hits; }

            [DurableState]
            public partial class Customer
            {
                private readonly int[] _scores = new int[3];
                private readonly int[,] _grid = new int[2, 2];
                public Address Address { get; private set; } = new();
                private Stats _stats;
                private readonly Dictionary<string, Address> _addresses = new();

                [Operation]
                private void Move(string city) { Address.City = city; _scores[0]++; _stats.Hits++; _grid[1, 1] = 2; }

                public void Tamper(string city)
                {
                    {|DS0002:_scores[1]|} = 5;
                    {|DS0002:_scores[2]|}++;
                    {|DS0002:_grid[0, 0]|} = 1;
                    {|DS0002:this.Address.City|} = city;
                    {|DS0002:_stats.Hits|} += 1;
                    {|DS0002:Address.Lines.Add(city)|};
                    {|DS0002:_addresses["home"].City|} = city;
                    {|DS0002:Array.Clear(_scores)|};
                    {|DS0002:Array.Fill(_scores, 0)|};
                    {|DS0002:Array.Copy(new[] { 1 }, _scores, 1)|};
                    Array.Copy(_scores, new int[3], 1);
                    var copy = new Address { City = city };
                    copy.City = "elsewhere";
                }
            }
            """);

    [Fact]
    public Task Extension_mutators_and_StringBuilder_are_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            using System.Runtime.InteropServices;
            using System.Text;

            [DurableState]
            public partial class Journal
            {
                private readonly Dictionary<string, int> _counts = new();
                private readonly StringBuilder _text = new();
                private readonly List<int> _values = new();

                [Operation]
                private void Write(string line) { _text.AppendLine(line); _counts.TryAdd(line, 1); }

                public void Tamper()
                {
                    {|DS0002:_text.Append("x")|};
                    {|DS0002:CollectionExtensions.TryAdd(_counts, "k", 1)|};
                    {|DS0002:CollectionsMarshal.SetCount(_values, 0)|};
                    string read = _text.ToString();
                }
            }
            """);

    [Fact]
    public Task Unknown_methods_on_durable_values_are_not_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            public sealed class Account { public void Withdraw(decimal amount) { } public decimal Balance => 0; }

            [DurableState]
            public partial class Bank
            {
                private readonly Account _main = new();

                [Operation]
                private void Pay(decimal amount) => _main.Withdraw(amount);

                public void NotReported() => _main.Withdraw(1);
            }
            """);

    [Fact]
    public Task Additional_mutating_methods_come_from_the_editorconfig_option() =>
        VerifyWithOptionAsync(
            "M:Bank.Account.Withdraw, T:Bank.Vault, Bank.Account.Label",
            """
            namespace Bank
            {
                public sealed class Account { public void Withdraw(decimal amount) { } public void Deposit(decimal amount) { } public string Label { get; set; } = ""; }
                public sealed class Vault { public void Open() { } }
                public sealed class Box<T> { public void Put(T item) { } }

                [DurableState]
                public partial class Ledger
                {
                    private readonly Account _main = new();
                    private readonly Vault _vault = new();
                    private readonly Box<int> _box = new();

                    [Operation]
                    private void Pay(decimal amount) { _main.Withdraw(amount); _vault.Open(); }

                    public void Tamper()
                    {
                        {|DS0002:_main.Withdraw(1)|};
                        _main.Deposit(1);
                        {|DS0002:_vault.Open()|};
                        {|DS0002:_main.Label|} = "x";
                        _box.Put(1);
                    }
                }
            }
            """);

    [Fact]
    public Task Additional_mutating_methods_accept_generic_types_with_or_without_arity() =>
        VerifyWithOptionAsync(
            "Bank.Box.Put,Bank.Crate`1.Fill",
            """
            namespace Bank
            {
                public sealed class Box<T> { public void Put(T item) { } }
                public sealed class Crate<T> { public void Fill(T item) { } }

                [DurableState]
                public partial class Ledger
                {
                    private readonly Box<int> _box = new();
                    private readonly Crate<string> _crate = new();

                    [Operation]
                    private void Store(int value) => _box.Put(value);

                    public void Tamper() { {|DS0002:_box.Put(1)|}; {|DS0002:_crate.Fill("x")|}; }
                }
            }
            """);

    private static Task VerifyWithOptionAsync(string option, string markup) =>
        AnalyzerVerifier.VerifyWithEditorConfigAsync("root = true\n\n[*]\ndurably.additional_mutating_methods = " + option + "\n", markup);
}
