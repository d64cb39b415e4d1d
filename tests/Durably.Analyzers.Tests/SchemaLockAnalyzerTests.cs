using System.Collections.Immutable;
using Durably.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Durably.Analyzers.Tests;

/// <summary>
/// The schema lock rules, each with a version 1 whose lock the build wrote and a version 2 that
/// changes one thing: incompatible changes are errors naming what changed, compatible ones only say
/// the lock is out of date, and unchanged code reports nothing.
/// </summary>
public sealed class SchemaLockAnalyzerTests
{
    private static string Ledger(string operations, string extraTypes = "") => $$"""
        namespace Bank;

        {{extraTypes}}

        [DurableState]
        public partial class Ledger
        {
            private readonly Dictionary<string, decimal> _balances = new();

        {{operations}}
        }
        """;

    private const string Transfer = "    [Operation] private void Transfer(string from, string to, decimal amount) { }";

    private static async Task<ImmutableArray<Diagnostic>> ChangeAsync(string[] version1, string[] version2)
    {
        string lockText = SchemaLockHarness.LockFor(version1);
        return await SchemaLockHarness.DiagnosticsAsync(lockText, version2);
    }

    private static Task<ImmutableArray<Diagnostic>> ChangeAsync(string version1, string version2) => ChangeAsync([version1], [version2]);

    private static Diagnostic Single(ImmutableArray<Diagnostic> diagnostics, string id)
    {
        Assert.True(
            diagnostics.Length == 1 && diagnostics[0].Id == id,
            "Expected only " + id + ", got:\n" + string.Join("\n", diagnostics.Select(d => d.Id + ": " + SchemaLockHarness.Message(d))));
        return diagnostics[0];
    }

    private static void AssertIds(ImmutableArray<Diagnostic> diagnostics, params string[] ids) =>
        Assert.True(
            diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal).SequenceEqual(ids.Order(StringComparer.Ordinal)),
            "Expected " + string.Join(", ", ids) + ", got:\n" + string.Join("\n", diagnostics.Select(d => d.Id + ": " + SchemaLockHarness.Message(d))));

    private static string LocatedText(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree!.ToString()[diagnostic.Location.SourceSpan.Start..diagnostic.Location.SourceSpan.End];

    [Fact]
    public async Task Unchanged_code_reports_nothing()
    {
        string code = Ledger(Transfer);
        Assert.Empty(await ChangeAsync(code, code));
    }

    [Fact]
    public async Task A_project_without_a_lock_is_told_how_to_create_it_once()
    {
        ImmutableArray<Diagnostic> diagnostics = await SchemaLockHarness.DiagnosticsAsync(null, [Ledger(Transfer), "[DurableState] public partial class Other { [Operation] private void Touch() { } }"]);
        Diagnostic missing = Single(diagnostics, "DS0201");
        Assert.Equal(DiagnosticSeverity.Warning, missing.Severity);
        Assert.Contains("dotnet build -p:DurablyUpdateSchema=true", SchemaLockHarness.Message(missing), StringComparison.Ordinal);
        Assert.Contains("<AdditionalFiles Include=\"DurableSchema.lock\" />", SchemaLockHarness.Message(missing), StringComparison.Ordinal);
        Assert.Equal("Ledger", LocatedText(missing));
    }

    [Fact]
    public async Task A_project_without_durable_classes_needs_no_lock()
    {
        Assert.Empty(await SchemaLockHarness.DiagnosticsAsync(null, ["public class Plain { }"]));
    }

    [Fact]
    public async Task While_updating_the_lock_the_out_of_date_and_missing_warnings_are_left_to_the_update()
    {
        string lockText = SchemaLockHarness.LockFor(Ledger(Transfer));
        string changed = Ledger(Transfer + "\n    [Operation] private void Close(string account) { _balances.Remove(account); }");
        Assert.Empty(await SchemaLockHarness.DiagnosticsAsync(lockText, [changed], updating: true));
        Assert.Empty(await SchemaLockHarness.DiagnosticsAsync(null, [changed], updating: true));

        // An incompatible change is still an error while updating: the update never accepts it.
        string swapped = Ledger("    [Operation] private void Transfer(string to, string from, decimal amount) { _balances[from] = amount; }");
        AssertIds(await SchemaLockHarness.DiagnosticsAsync(lockText, [swapped], updating: true), "DS0203", "DS0203");
    }

    [Fact]
    public async Task Swapping_two_parameters_of_the_same_type_is_DS0203_naming_both()
    {
        ImmutableArray<Diagnostic> diagnostics = await ChangeAsync(
            Ledger(Transfer),
            Ledger("    [Operation] private void Transfer(string to, string from, decimal amount) { _balances[from] = amount; }"));
        AssertIds(diagnostics, "DS0203", "DS0203");
        Diagnostic to = diagnostics.Single(d => LocatedText(d) == "to");
        string message = SchemaLockHarness.Message(to);
        Assert.Contains("Parameter 'to' of operation 'Transfer' in 'Bank.Ledger' is at position 0", message, StringComparison.Ordinal);
        Assert.Contains("position 1", message, StringComparison.Ordinal);
        Assert.Contains("keep the locked order (from: string, to: string, amount: decimal; the code has to: string, from: string, amount: decimal)", message, StringComparison.Ordinal);
        Assert.Equal(DiagnosticSeverity.Error, to.Severity);
    }

    [Fact]
    public async Task Swapping_parameters_of_different_types_is_DS0203()
    {
        AssertIds(
            await ChangeAsync(
                Ledger("    [Operation] private void Set(string account, int count) { }"),
                Ledger("    [Operation] private void Set(int count, string account) { }")),
            "DS0203",
            "DS0203");
    }

    [Fact]
    public async Task Removing_a_parameter_is_DS0204()
    {
        Diagnostic removed = Single(
            await ChangeAsync(Ledger(Transfer), Ledger("    [Operation] private void Transfer(string from, string to) { }")),
            "DS0204");
        string message = SchemaLockHarness.Message(removed);
        Assert.Contains("Parameter 2 'amount' (decimal) of operation 'Transfer' in 'Bank.Ledger'", message, StringComparison.Ordinal);
        Assert.Contains("keep the parameter", message, StringComparison.Ordinal);
        Assert.Equal("Transfer", LocatedText(removed));
    }

    [Fact]
    public async Task Appending_a_parameter_without_a_default_is_DS0205_and_with_one_only_out_of_date()
    {
        Diagnostic required = Single(
            await ChangeAsync(Ledger(Transfer), Ledger("    [Operation] private void Transfer(string from, string to, decimal amount, string memo) { }")),
            "DS0205");
        Assert.Contains("Parameter 3 'memo' (string) of operation 'Transfer' in 'Bank.Ledger' was added without a default value", SchemaLockHarness.Message(required), StringComparison.Ordinal);
        Assert.Contains("memo = default", SchemaLockHarness.Message(required), StringComparison.Ordinal);

        Diagnostic outOfDate = Single(
            await ChangeAsync(Ledger(Transfer), Ledger("    [Operation] private void Transfer(string from, string to, decimal amount, string memo = \"\") { }")),
            "DS0200");
        Assert.Equal(DiagnosticSeverity.Warning, outOfDate.Severity);
        Assert.Contains("parameter 'memo' appended to operation 'Transfer' with a default", SchemaLockHarness.Message(outOfDate), StringComparison.Ordinal);
        Assert.Equal("memo", LocatedText(outOfDate));
    }

    [Fact]
    public async Task Removing_the_default_of_a_parameter_old_records_may_lack_is_DS0205()
    {
        string version1 = Ledger("    [Operation] private void Transfer(string from, string to, decimal amount, string memo = \"\") { }");
        Diagnostic lost = Single(await ChangeAsync(version1, Ledger("    [Operation] private void Transfer(string from, string to, decimal amount, string memo) { }")), "DS0205");
        Assert.Contains("lost the default value", SchemaLockHarness.Message(lost), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("int", "string", "int32", "string")]
    [InlineData("long", "int", "int64", "int32")]
    [InlineData("double", "float", "float64", "float32")]
    [InlineData("float", "System.Half", "float32", "float16")]
    [InlineData("int?", "int", "int32?", "int32")]
    [InlineData("string?", "string", "string?", "string")]
    [InlineData("int", "uint", "int32", "uint32")]
    [InlineData("List<int>", "List<string>", "array<int32>", "array<string>")]
    [InlineData("decimal", "double", "decimal", "float64")]
    public async Task An_incompatible_type_change_is_DS0206_with_both_shapes(string before, string after, string lockedShape, string newShape)
    {
        Diagnostic changed = Single(
            await ChangeAsync(
                Ledger($"    [Operation] private void Set(string account, {before} value) {{ }}"),
                Ledger($"    [Operation] private void Set(string account, {after} value) {{ }}")),
            "DS0206");
        string message = SchemaLockHarness.Message(changed);
        Assert.Contains("Parameter 1 'value' of operation 'Set' in 'Bank.Ledger' is '" + lockedShape + "' in DurableSchema.lock but '" + newShape + "' in the code", message, StringComparison.Ordinal);
        Assert.Contains("int -> long", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("int", "long")]
    [InlineData("byte", "int")]
    [InlineData("short", "long")]
    [InlineData("uint", "ulong")]
    [InlineData("float", "double")]
    [InlineData("System.Half", "float")]
    [InlineData("System.Half", "double?")]
    [InlineData("int", "int?")]
    [InlineData("string", "string?")]
    [InlineData("List<int>", "long[]")]
    [InlineData("Dictionary<string, int>", "SortedDictionary<string, long?>")]
    public async Task A_widening_is_compatible_and_only_out_of_date(string before, string after)
    {
        Diagnostic widened = Single(
            await ChangeAsync(
                Ledger($"    [Operation] private void Set(string account, {before} value) {{ }}"),
                Ledger($"    [Operation] private void Set(string account, {after} value) {{ }}")),
            "DS0200");
        Assert.Contains("Parameter 1 'value' of operation 'Set' in 'Bank.Ledger' widened", SchemaLockHarness.Message(widened), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HashSet<string>", "List<string>")]
    [InlineData("List<int>", "int[]")]
    [InlineData("IReadOnlyDictionary<string, int>", "Dictionary<string, int>")]
    [InlineData("ImmutableArray<string>", "List<string>")]
    public async Task Another_type_with_the_same_wire_shape_changes_nothing(string before, string after)
    {
        Assert.Empty(await ChangeAsync(
            Ledger($"    [Operation] private void Set(string account, {before} value) {{ }}", "using System.Collections.Immutable;"),
            Ledger($"    [Operation] private void Set(string account, {after} value) {{ }}", "using System.Collections.Immutable;")));
    }

    [Fact]
    public async Task Reordering_enum_members_without_explicit_values_is_DS0207_per_member()
    {
        const string Operation = "    [Operation] private void Paint(Color color) { }";
        ImmutableArray<Diagnostic> diagnostics = await ChangeAsync(
            Ledger(Operation, "public enum Color { Red, Green, Blue }"),
            Ledger(Operation, "public enum Color { Green, Red, Blue }"));
        AssertIds(diagnostics, "DS0207", "DS0207");
        Diagnostic green = diagnostics.Single(d => LocatedText(d) == "Green");
        Assert.Contains("Enum member 'Bank.Color.Green' now has value 0, but DurableSchema.lock has Green = 1", SchemaLockHarness.Message(green), StringComparison.Ordinal);
        Assert.Contains("explicit values (keep Green = 1)", SchemaLockHarness.Message(green), StringComparison.Ordinal);

        // The same reordering with the locked values written out is fine.
        Assert.Empty(await ChangeAsync(
            Ledger(Operation, "public enum Color { Red, Green, Blue }"),
            Ledger(Operation, "public enum Color { Green = 1, Red = 0, Blue = 2 }")));
    }

    [Fact]
    public async Task Reusing_or_removing_an_enum_value_is_DS0207_and_adding_or_renaming_is_compatible()
    {
        const string Operation = "    [Operation] private void Paint(Color color) { }";
        string version1 = Ledger(Operation, "public enum Color { Red = 0, Green = 1 }");
        Diagnostic reused = Single(await ChangeAsync(version1, Ledger(Operation, "public enum Color { Red = 0, Blue = 1 }")), "DS0200");
        Assert.Contains("renamed to 'Blue'", SchemaLockHarness.Message(reused), StringComparison.Ordinal);

        Diagnostic removed = Single(await ChangeAsync(version1, Ledger(Operation, "public enum Color { Red = 0 }")), "DS0207");
        Assert.Contains("'Bank.Color.Green' was removed", SchemaLockHarness.Message(removed), StringComparison.Ordinal);

        ImmutableArray<Diagnostic> valueMoved = await ChangeAsync(version1, Ledger(Operation, "public enum Color { Red = 0, Green = 2, Blue = 1 }"));
        AssertIds(valueMoved, "DS0207");

        Diagnostic added = Single(await ChangeAsync(version1, Ledger(Operation, "public enum Color { Red = 0, Green = 1, Blue = 2 }")), "DS0200");
        Assert.Contains("new enum member 'Bank.Color.Blue' = 2", SchemaLockHarness.Message(added), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inserting_a_member_in_the_middle_of_a_record_type_is_DS0208_and_appending_is_compatible()
    {
        const string Operation = "    [Operation] private void Pay(Money money) { }";
        string version1 = Ledger(Operation, "public sealed record Money(decimal Amount, string Currency);");
        Diagnostic inserted = Single(
            await ChangeAsync(version1, Ledger(Operation, "public sealed record Money(decimal Amount, int Scale, string Currency);")),
            "DS0208");
        Assert.Contains("Member 'Currency' of 'Bank.Money' is at position 2 but DurableSchema.lock has it at position 1", SchemaLockHarness.Message(inserted), StringComparison.Ordinal);
        Assert.Contains("(Amount: decimal, Currency: string; the code has Amount: decimal, Scale: int32, Currency: string)", SchemaLockHarness.Message(inserted), StringComparison.Ordinal);

        Diagnostic appended = Single(
            await ChangeAsync(version1, Ledger(Operation, "public sealed record Money(decimal Amount, string Currency, int Scale = 2);")),
            "DS0200");
        Assert.Contains("member 'Scale' appended to type 'Bank.Money'", SchemaLockHarness.Message(appended), StringComparison.Ordinal);

        Diagnostic removed = Single(await ChangeAsync(version1, Ledger(Operation, "public sealed record Money(decimal Amount);")), "DS0208");
        Assert.Contains("Member 'Currency' of 'Bank.Money' (position 1, string) was removed", SchemaLockHarness.Message(removed), StringComparison.Ordinal);

        Diagnostic retyped = Single(await ChangeAsync(version1, Ledger(Operation, "public sealed record Money(decimal Amount, int Currency);")), "DS0206");
        Assert.Contains("Member 1 'Currency' of type 'Bank.Money' is 'string'", SchemaLockHarness.Message(retyped), StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_types_inside_generic_collections_are_locked_too()
    {
        const string Operation = "    [Operation] private void Pay(List<Money> payments, Dictionary<string, Money[]> byAccount) { }";
        string version1 = Ledger(Operation, "public sealed class Money { public decimal Amount { get; set; } public string Currency { get; set; } = \"\"; }");
        string lockText = SchemaLockHarness.LockFor(version1);
        Assert.Contains("0 payments: array<type Bank.Money>", lockText, StringComparison.Ordinal);
        Assert.Contains("1 byAccount: map<string, array<type Bank.Money>>", lockText, StringComparison.Ordinal);
        Assert.Contains("type Bank.Money\n  0 Amount: decimal\n  1 Currency: string\n", lockText, StringComparison.Ordinal);

        string version2 = Ledger(Operation, "public sealed class Money { public string Currency { get; set; } = \"\"; public decimal Amount { get; set; } }");
        AssertIds(await SchemaLockHarness.DiagnosticsAsync(lockText, [version2]), "DS0208", "DS0208");
    }

    [Fact]
    public async Task Removing_or_renaming_a_locked_operation_is_DS0202_and_the_stable_name_keeps_it()
    {
        string version1 = Ledger(Transfer);
        Diagnostic renamed = Single(
            await ChangeAsync(version1, Ledger("    [Operation] private void Move(string from, string to, decimal amount) { }")),
            "DS0202");
        string message = SchemaLockHarness.Message(renamed);
        Assert.Contains("Operation 'Transfer' of 'Bank.Ledger' is in DurableSchema.lock (from: string, to: string, amount: decimal)", message, StringComparison.Ordinal);
        Assert.Contains("if 'Move' is the renamed operation, keep the old record name with [Operation(\"Transfer\")]", message, StringComparison.Ordinal);
        Assert.Contains("delete its lines from DurableSchema.lock deliberately", message, StringComparison.Ordinal);

        Assert.Empty(await ChangeAsync(version1, Ledger("    [Operation(\"Transfer\")] private void Move(string from, string to, decimal amount) { }")));
        Single(await ChangeAsync(version1, Ledger("    [Operation] private void Close(string account) { }")), "DS0202");
    }

    [Fact]
    public async Task A_new_operation_is_compatible_and_only_out_of_date()
    {
        Diagnostic added = Single(
            await ChangeAsync(Ledger(Transfer), Ledger(Transfer + "\n    [Operation] private void Close(string account) { _balances.Remove(account); }")),
            "DS0200");
        Assert.Contains("new operation 'Close' of 'Bank.Ledger'", SchemaLockHarness.Message(added), StringComparison.Ordinal);
        Assert.Equal("Close", LocatedText(added));
    }

    [Fact]
    public async Task State_fields_are_locked_by_name_and_only_an_incompatible_type_change_is_an_error()
    {
        string version1 = Ledger(Transfer);
        Diagnostic retyped = Single(
            await ChangeAsync(version1, Ledger(Transfer).Replace("Dictionary<string, decimal> _balances", "Dictionary<string, string> _balances", StringComparison.Ordinal)),
            "DS0206");
        Assert.Contains("State field '_balances' of 'Bank.Ledger' is 'map<string, decimal>'", SchemaLockHarness.Message(retyped), StringComparison.Ordinal);

        Diagnostic added = Single(
            await ChangeAsync(version1, Ledger(Transfer).Replace("{\n    private", "{\n    private int _count;\n    private", StringComparison.Ordinal)),
            "DS0200");
        Assert.Contains("new state field '_count'", SchemaLockHarness.Message(added), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_field_renamed_in_another_part_of_a_partial_class_is_DS0211_at_the_new_field()
    {
        const string Part = "namespace Bank; public partial class Ledger { private int _touches; }";
        string lockText = SchemaLockHarness.LockFor(Ledger(Transfer), Part);
        Diagnostic renamed = Single(
            await SchemaLockHarness.DiagnosticsAsync(lockText, [Ledger(Transfer), Part.Replace("_touches", "_hits", StringComparison.Ordinal)]),
            "DS0211");
        Assert.Equal("_hits", LocatedText(renamed));
        Assert.Contains("State field '_touches' (int32) of 'Bank.Ledger' is in DurableSchema.lock but not in the code", SchemaLockHarness.Message(renamed), StringComparison.Ordinal);
        Assert.Contains("'_hits' is new with the same shape and looks like a rename", SchemaLockHarness.Message(renamed), StringComparison.Ordinal);

        // A new field of another shape is no rename: the removal is reported at the class, without the hint.
        Diagnostic removed = Single(
            await SchemaLockHarness.DiagnosticsAsync(lockText, [Ledger(Transfer), Part.Replace("int _touches", "string _note = \"\"", StringComparison.Ordinal)]),
            "DS0211");
        Assert.Equal("Ledger", LocatedText(removed));
        Assert.DoesNotContain("looks like a rename", SchemaLockHarness.Message(removed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_parameter_default_is_DS0212_at_the_parameter_and_an_unchanged_one_reports_nothing()
    {
        string version1 = Ledger("    [Operation] private void Note(string text, int times = 1) { }");
        Assert.Empty(await ChangeAsync(version1, version1));
        Diagnostic changed = Single(await ChangeAsync(version1, Ledger("    [Operation] private void Note(string text, int times = 2) { }")), "DS0212");
        Assert.Equal("times", LocatedText(changed));
        Assert.Contains("Parameter 1 'times' of operation 'Note' in 'Bank.Ledger' has the default value 2 in the code but 1 in DurableSchema.lock", SchemaLockHarness.Message(changed), StringComparison.Ordinal);

        // Widening keeps the value's text: int 1 and long 1 are the same default.
        Diagnostic widened = Single(await ChangeAsync(version1, Ledger("    [Operation] private void Note(string text, long times = 1) { }")), "DS0200");
        Assert.DoesNotContain("default value", SchemaLockHarness.Message(widened), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_locked_state_class_that_is_gone_is_DS0209()
    {
        string lockText = SchemaLockHarness.LockFor(Ledger(Transfer), "[DurableState] public partial class Other { [Operation] private void Touch() { } }");
        Diagnostic gone = Single(await SchemaLockHarness.DiagnosticsAsync(lockText, [Ledger(Transfer)]), "DS0209");
        Assert.Contains("'Other' is in DurableSchema.lock but not in this project", SchemaLockHarness.Message(gone), StringComparison.Ordinal);
        Assert.Equal(SchemaLockHarness.LockPath, gone.Location.GetLineSpan().Path);
    }

    [Theory]
    [InlineData("state Bank.Ledger\n")]
    [InlineData("durably-schema 1\nstate Bank.Ledger\n  operation Transfer\n    1 from: string\n")]
    [InlineData("durably-schema 1\nstate Bank.Ledger\n  operation Transfer\n    0 from: strin<g\n")]
    [InlineData("durably-schema 1\n<<<<<<< HEAD\n")]
    [InlineData("")]
    public async Task An_unreadable_lock_is_DS0210_naming_the_line(string lockText)
    {
        Diagnostic unreadable = Single(await SchemaLockHarness.DiagnosticsAsync(lockText, [Ledger(Transfer)]), "DS0210");
        Assert.Matches("line [0-9]+: ", SchemaLockHarness.Message(unreadable));
    }

    [Fact]
    public async Task A_hand_edited_lock_in_another_form_is_out_of_date()
    {
        string lockText = SchemaLockHarness.LockFor(Ledger(Transfer)).Replace("# ", "#  ", StringComparison.Ordinal);
        Single(await SchemaLockHarness.DiagnosticsAsync(lockText, [Ledger(Transfer)]), "DS0200");
    }

    [Fact]
    public async Task Partial_classes_over_several_files_and_nested_types_are_checked_as_one()
    {
        const string Part1 = """
            namespace Bank;
            public partial class Outer
            {
                [DurableState]
                public partial class Vault
                {
                    public enum Kind { Cash, Gold }
                    public sealed record Item(Kind Kind, decimal Value);
                    private readonly List<Item> _items = new();
                    [Operation] private void Store(Item item, string shelf) { _items.Add(item); }
                }
            }
            """;
        const string Part2 = """
            namespace Bank;
            public partial class Outer
            {
                public partial class Vault
                {
                    [Operation] private void Take(int index) { }
                }
            }
            """;
        string lockText = SchemaLockHarness.LockFor(Part1, Part2);
        Assert.Contains("state Bank.Outer.Vault\n  operation Store\n    0 item: type Bank.Outer.Vault.Item\n    1 shelf: string\n  operation Take\n    0 index: int32\n  field _items: array<type Bank.Outer.Vault.Item>\n", lockText, StringComparison.Ordinal);
        Assert.Contains("enum Bank.Outer.Vault.Kind: int32\n  Cash = 0\n  Gold = 1\n", lockText, StringComparison.Ordinal);
        Assert.Empty(await SchemaLockHarness.DiagnosticsAsync(lockText, [Part2, Part1]));

        string changedPart2 = Part2.Replace("int index", "string index", StringComparison.Ordinal);
        Diagnostic changed = Single(await SchemaLockHarness.DiagnosticsAsync(lockText, [Part1, changedPart2]), "DS0206");
        Assert.Equal("Test1.cs", changed.Location.SourceTree!.FilePath);

        string reorderedEnum = Part1.Replace("Cash, Gold", "Gold, Cash", StringComparison.Ordinal);
        AssertIds(await SchemaLockHarness.DiagnosticsAsync(lockText, [reorderedEnum, Part2]), "DS0207", "DS0207");
    }
}
