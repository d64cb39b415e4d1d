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
        Assert.Contains("  operation \"transfer v1\"\n    0 from: string\n    1 to: string\n    2 amount: decimal\n    3 memo: string? = null\n", text, StringComparison.Ordinal);
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

    [Fact]
    public void Default_values_are_recorded_as_culture_invariant_text_that_reads_back()
    {
        const string Code = """
            namespace Bank;
            public enum Color { Red, Green }
            public struct Point { public int X; }
            public sealed record Money(decimal Amount, string Currency = "EUR", int Scale = 2);

            [DurableState]
            public partial class Defaults
            {
                private int _count;

                [Operation]
                private void Set(
                    string text = "a \"b\" */ c;%$@' 1/2", char letter = '\'', double ratio = 1.5, float half = 0.25f, decimal money = 2.50m,
                    long big = -9000000000, bool flag = true, Color color = Color.Green, int? maybe = null, string? none = null,
                    double nan = double.NaN, Point origin = default, Money? price = null) { _count++; }
            }
            """;
        System.Globalization.CultureInfo culture = System.Globalization.CultureInfo.CurrentCulture;
        string text;
        try
        {
            // A culture that writes 1,5: the lock must not follow it.
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            text = SchemaLockHarness.LockFor(Code);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }

        Assert.Equal(text, SchemaLockHarness.LockFor(Code));
        Assert.Contains(
            "  operation Set\n"
            + "    0 text: string = \"a \\\"b\\\" *\\u002f c\\u003b\\u0025\\u0024\\u0040\\u0027 1/2\"\n"
            + "    1 letter: char = '\\''\n"
            + "    2 ratio: float64 = 1.5\n"
            + "    3 half: float32 = 0.25\n"
            + "    4 money: decimal = 2.50\n"
            + "    5 big: int64 = -9000000000\n"
            + "    6 flag: bool = true\n"
            + "    7 color: enum Bank.Color = 1\n"
            + "    8 maybe: int32? = null\n"
            + "    9 none: string? = null\n"
            + "    10 nan: float64 = NaN\n"
            + "    11 origin: type Bank.Point = default(struct)\n"
            + "    12 price: type Bank.Money? = null\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains("type Bank.Money\n  0 Amount: decimal\n  1 Currency: string = \"EUR\"\n  2 Scale: int32 = 2\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("*/", text, StringComparison.Ordinal);
        SchemaDocument? back = SchemaLockParser.TryParse(text, out string? error);
        Assert.Null(error);
        Assert.Equal(text, SchemaLockText.Write(back!));
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
