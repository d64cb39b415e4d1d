using System.Text;
using Durably.Analyzers.Tests.Infrastructure;
using Durably.SourceModel.Schema;

namespace Durably.Analyzers.Tests;

/// <summary>The lock is the same bytes for the same code, whatever the order of files and declarations, and reads back to itself.</summary>
public sealed class SchemaLockStabilityTests
{
    private const string Types = """
        namespace Bank;
        public enum Color { Red, Green }
        public sealed record Money(decimal Amount, string Currency);
        """;

    private const string PartA = """
        namespace Bank;
        [DurableState]
        public partial class Ledger
        {
            private readonly Dictionary<string, Money> _balances = new();
            private Color _color;
            [Operation] private void Deposit(string account, Money amount) { _balances[account] = amount; }
            [Operation] private void Paint(Color color) { _color = color; }
        }
        """;

    private const string PartB = """
        namespace Bank;
        public partial class Ledger
        {
            private int _count;
            [Operation("transfer v1")] private void Transfer(string from, string to, decimal amount, string? memo = null) { _count++; }
        }
        [DurableState]
        public partial class Audit { private readonly List<string> _lines = new(); [Operation] private void Note(string line) { _lines.Add(line); } }
        """;

    // The same declarations, with operations and fields of each part in another order.
    private const string PartAShuffled = """
        namespace Bank;
        [DurableState]
        public partial class Ledger
        {
            [Operation] private void Paint(Color color) { _color = color; }
            private Color _color;
            [Operation] private void Deposit(string account, Money amount) { _balances[account] = amount; }
            private readonly Dictionary<string, Money> _balances = new();
        }
        """;

    [Fact]
    public void The_same_code_gives_the_same_bytes_in_any_file_and_member_order()
    {
        string first = SchemaLockHarness.LockFor(Types, PartA, PartB);
        Assert.Equal(first, SchemaLockHarness.LockFor(PartB, PartA, Types));
        Assert.Equal(first, SchemaLockHarness.LockFor(PartB, Types, PartAShuffled));
        Assert.Equal(first, SchemaLockHarness.LockFor(Types, PartA, PartB));
        Assert.DoesNotContain("\r", first, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(first) == first.Length, "The lock of ASCII names is ASCII.");
    }

    [Fact]
    public void The_lock_reads_back_and_writes_the_same_text()
    {
        string text = SchemaLockHarness.LockFor(Types, PartA, PartB);
        SchemaDocument? document = SchemaLockParser.TryParse(text, out string? error);
        Assert.Null(error);
        Assert.Equal(text, SchemaLockText.Write(document!));
        Assert.Contains("  operation \"transfer v1\"\n    0 from: string\n    1 to: string\n    2 amount: decimal\n    3 memo: string? = default\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Operation_names_with_any_characters_survive_the_round_trip()
    {
        var document = new SchemaDocument();
        var state = new StateSchema("S", null);
        foreach (string name in new[] { "plain", "with space", "quote\"and\\slash", "line\nbreak", "comment */ end", "tab\there", "\u0001control" })
        {
            state.Operations.Add(name, new OperationSchema(name, null));
        }

        document.States.Add("S", state);
        string text = SchemaLockText.Write(document);
        Assert.DoesNotContain("*/", text, StringComparison.Ordinal);
        SchemaDocument? back = SchemaLockParser.TryParse(text, out string? error);
        Assert.Null(error);
        Assert.Equal(state.Operations.Keys, back!.States["S"].Operations.Keys);
    }

    [Theory]
    [InlineData("int32")]
    [InlineData("string?")]
    [InlineData("array<map<string, tuple<int64, type Bank.Pair<string, int>?>>>")]
    [InlineData("enum Bank.Color?")]
    [InlineData("map<type Outer.Inner, array<enum A.B>>")]
    public void Wire_shapes_read_back_to_themselves(string shape)
    {
        Assert.Equal(shape, WireShape.TryParse(shape)?.ToString());
    }
}
