using Durably.Analyzers.Tests.Infrastructure;
using Durably.SourceModel.Schema;
using Microsoft.CodeAnalysis;

namespace Durably.Analyzers.Tests;

/// <summary>
/// Every change of the table and every compatible change, end to end: version 1 is built
/// (generator and schema lock analyzer), writes a real log and commits the lock the build writes;
/// version 2 applies the change and is built against that lock. An incompatible change fails the
/// build with its DS error; a compatible one builds (with the "lock out of date" warning) and
/// reopening the log gives the right state. No change replays silently wrong.
/// </summary>
public sealed class SchemaEvolutionTests
{
    private static string App(string declarations, string operations, string calls, string fields = "    private readonly List<string> _log = new();", string describe = "_log") => $$"""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Durably;

        namespace Evolve;

        {{declarations}}

        [DurableState]
        public partial class Ledger
        {
        {{fields}}

        {{operations}}

            public string Describe() => string.Join("|", {{describe}});
        }

        public static class Scenario
        {
            private static DurableOptions Options(string root) => new()
            {
                PrimaryDirectory = Path.Combine(root, "primary"),
                SecondaryDirectory = Path.Combine(root, "secondary"),
                Log = { SegmentSize = 1 << 20 },

                // Version 2 must replay version 1's records (what this test is about), not restore
                // the snapshot a clean dispose would otherwise take.
                Snapshots = SnapshotPolicy.Manual,
            };

            public static async Task<string> Write(string root)
            {
                await using var ledger = await Ledger.OpenAsync(Options(root));
                {{calls}}
                return ledger.Describe();
            }

            public static async Task<string> Read(string root)
            {
                await using var ledger = await Ledger.OpenAsync(Options(root));
                return ledger.Describe();
            }
        }
        """;

    /// <summary>Builds and runs version 1, returns its lock and what it wrote.</summary>
    private static async Task<(string Lock, string Written)> Version1Async(string source, string root)
    {
        using VersionedBuild first = await VersionedBuild.BuildAsync(source, lockText: null);
        Assert.Contains(first.Diagnostics, d => d.Id == "DS0201");
        string written = await first.RunAsync("Write", root);
        Assert.Equal(written, await first.RunAsync("Read", root));
        return (Check(first.Compilation, lockText: null).ProposedText, written);
    }

    private static async Task AssertRefusedAsync(string version1, string version2, string id, params string[] messageParts)
    {
        using var directory = new TemporaryDirectory();
        (string lockText, _) = await Version1Async(version1, directory.Path);
        using VersionedBuild second = await VersionedBuild.BuildAsync(version2, lockText);
        Assert.False(second.Succeeded, "Version 2 built:\n" + second.Describe());
        AssertErrors(second, id, messageParts);

        // The update never records it either.
        Assert.True(Check(second.Compilation, lockText).HasIncompatibleChanges);
    }

    private static void AssertErrors(VersionedBuild build, string id, params string[] messageParts)
    {
        Assert.False(build.Succeeded, "The build succeeded:\n" + build.Describe());
        Assert.True(build.Errors.All(d => d.Id == id), build.Describe());
        Assert.Contains(build.Errors, error => messageParts.All(part =>
            error.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains(part, StringComparison.Ordinal)));
    }

    private static async Task AssertReplaysAsync(string version1, string version2, string expected)
    {
        using var directory = new TemporaryDirectory();
        (string lockText, string written) = await Version1Async(version1, directory.Path);
        using VersionedBuild second = await VersionedBuild.BuildAsync(version2, lockText);
        Assert.True(second.Succeeded, second.Describe());
        Assert.Equal(["DS0200"], second.Diagnostics.Select(d => d.Id).Distinct());
        Assert.Equal(expected, await second.RunAsync("Read", directory.Path));

        // Recording the change (what the code fix and the command-line update write) silences the warning.
        SchemaLockCheck update = Check(second.Compilation, lockText);
        Assert.False(update.HasIncompatibleChanges);
        using VersionedBuild third = await VersionedBuild.BuildAsync(version2, update.ProposedText);
        Assert.Empty(third.Diagnostics);
        Assert.Equal(expected, await third.RunAsync("Read", directory.Path));
        Assert.NotEqual(written, string.Empty);
    }

    private static SchemaLockCheck Check(Compilation compilation, string? lockText) =>
        SchemaLockCheck.Run(compilation, SchemaExtractor.FindStates(compilation), lockText);

    private const string TransferV1 = "    [Operation] private void Transfer(string from, string to, decimal amount) => _log.Add(from + \"->\" + to + \":\" + amount);";

    [Fact]
    public async Task Swapping_two_parameters_of_the_same_type_fails_the_build_with_DS0203_where_it_used_to_replay_silently_wrong()
    {
        string version1 = App(string.Empty, TransferV1, "await ledger.TransferAsync(\"alice\", \"bob\", 5m);");
        string version2 = App(string.Empty, "    [Operation] private void Transfer(string to, string from, decimal amount) => _log.Add(from + \"->\" + to + \":\" + amount);", string.Empty);
        await AssertRefusedAsync(
            version1,
            version2,
            "DS0203",
            "Parameter 'to' of operation 'Transfer'",
            "keep the locked order (from: string, to: string, amount: decimal; the code has to: string, from: string, amount: decimal)");

        // Without the lock the same change builds and replays the transfer backwards: what the lock prevents.
        using var directory = new TemporaryDirectory();
        (_, string written) = await Version1Async(version1, directory.Path);
        using VersionedBuild unlocked = await VersionedBuild.BuildAsync(version2, lockText: null);
        Assert.Equal("alice->bob:5", written);
        Assert.Equal("bob->alice:5", await unlocked.RunAsync("Read", directory.Path));
    }

    [Fact]
    public async Task Reordering_enum_members_fails_the_build_with_DS0207_where_Green_used_to_become_Red()
    {
        const string Paint = "    [Operation] private void Paint(Color color) => _log.Add(color.ToString());";
        string version1 = App("public enum Color { Red, Green }", Paint, "await ledger.PaintAsync(Color.Green);");
        string version2 = App("public enum Color { Green, Red }", Paint, string.Empty);
        await AssertRefusedAsync(version1, version2, "DS0207", "Enum member 'Evolve.Color.Green' now has value 0");

        using var directory = new TemporaryDirectory();
        await Version1Async(version1, directory.Path);
        using VersionedBuild unlocked = await VersionedBuild.BuildAsync(version2, lockText: null);
        Assert.Equal("Red", await unlocked.RunAsync("Read", directory.Path));

        // Explicit values keep the meaning: builds, and Green stays Green.
        await AssertReplaysAsync(version1, App("public enum Color { Green = 1, Red = 0, Blue = 2 }", Paint, string.Empty), "Green");
    }

    [Fact]
    public async Task Adding_a_parameter_with_a_default_builds_with_the_warning_and_old_records_replay_with_the_default()
    {
        string version1 = App(string.Empty, "    [Operation] private void Deposit(string account, decimal amount) => _log.Add(account + \":\" + amount);", "await ledger.DepositAsync(\"alice\", 5m);");
        string version2 = App(string.Empty, "    [Operation] private void Deposit(string account, decimal amount, string memo = \"none\") => _log.Add(account + \":\" + amount + \":\" + memo);", string.Empty);
        await AssertReplaysAsync(version1, version2, "alice:5:none");
    }

    [Fact]
    public async Task Adding_a_parameter_without_a_default_fails_the_build_with_DS0205()
    {
        string version1 = App(string.Empty, "    [Operation] private void Deposit(string account, decimal amount) => _log.Add(account + \":\" + amount);", "await ledger.DepositAsync(\"alice\", 5m);");
        string version2 = App(string.Empty, "    [Operation] private void Deposit(string account, decimal amount, string memo) => _log.Add(account + \":\" + amount + \":\" + memo);", string.Empty);
        await AssertRefusedAsync(version1, version2, "DS0205", "'memo'", "was added without a default value");
    }

    [Fact]
    public async Task Swapping_parameters_of_different_types_fails_the_build_with_DS0203()
    {
        string version1 = App(string.Empty, "    [Operation] private void Set(string name, int count) => _log.Add(name + count);", "await ledger.SetAsync(\"a\", 1);");
        string version2 = App(string.Empty, "    [Operation] private void Set(int count, string name) => _log.Add(name + count);", string.Empty);
        await AssertRefusedAsync(version1, version2, "DS0203", "Parameter 'count' of operation 'Set'");
    }

    [Fact]
    public async Task Changing_int_to_string_fails_the_build_with_DS0206_naming_both_shapes()
    {
        string version1 = App(string.Empty, "    [Operation] private void Count(int n) => _log.Add(n.ToString());", "await ledger.CountAsync(7);");
        string version2 = App(string.Empty, "    [Operation] private void Count(string n) => _log.Add(n);", string.Empty);
        await AssertRefusedAsync(version1, version2, "DS0206", "Parameter 0 'n' of operation 'Count' in 'Evolve.Ledger' is 'int32' in DurableSchema.lock but 'string' in the code");
    }

    [Fact]
    public async Task Inserting_a_member_in_the_middle_of_a_record_type_fails_the_build_with_DS0208()
    {
        const string Pay = "    [Operation] private void Pay(Money money) => _log.Add(money.ToString());";
        string version1 = App("public sealed record Money(decimal Amount, string Currency);", Pay, "await ledger.PayAsync(new Money(5m, \"EUR\"));");
        string version2 = App("public sealed record Money(decimal Amount, int Scale, string Currency);", Pay, string.Empty);
        await AssertRefusedAsync(
            version1,
            version2,
            "DS0208",
            "Member 'Currency' of 'Evolve.Money' is at position 2",
            "keep existing members in their locked order (Amount: decimal, Currency: string; the code has Amount: decimal, Scale: int32, Currency: string)");
    }

    [Fact]
    public async Task Appending_a_member_to_a_record_type_builds_and_old_values_get_its_default()
    {
        const string Pay = "    [Operation] private void Pay(Money money) => _log.Add(money.ToString());";
        string version1 = App("public sealed record Money(decimal Amount, string Currency);", Pay, "await ledger.PayAsync(new Money(5m, \"EUR\"));");
        string version2 = App("public sealed record Money(decimal Amount, string Currency, int Scale = 2);", Pay, string.Empty);
        await AssertReplaysAsync(version1, version2, "Money { Amount = 5, Currency = EUR, Scale = 2 }");
    }

    [Fact]
    public async Task Appending_an_init_only_member_builds_and_old_values_get_its_initial_value()
    {
        const string Pay = "    [Operation] private void Pay(Money money) => _log.Add(money.ToString());";
        string version1 = App("public sealed record Money(decimal Amount, string Currency);", Pay, "await ledger.PayAsync(new Money(5m, \"EUR\"));");
        string version2 = App("public sealed record Money(decimal Amount, string Currency) { public int Scale { get; init; } = 2; public string Unit { get; init; } = \"cent\"; }", Pay, string.Empty);
        await AssertReplaysAsync(version1, version2, "Money { Amount = 5, Currency = EUR, Scale = 2, Unit = cent }");
    }

    [Fact]
    public async Task Appending_a_required_member_fails_the_build_with_DS0213_where_old_values_read_it_as_default()
    {
        const string Pay = "    [Operation] private void Pay(Money money) => _log.Add(money.ToString());";
        string version1 = App("public sealed record Money(decimal Amount, string Currency);", Pay, "await ledger.PayAsync(new Money(5m, \"EUR\"));");
        string version2 = App("public sealed record Money(decimal Amount, string Currency) { public required string Unit { get; init; } = \"cent\"; }", Pay, string.Empty);
        await AssertRefusedAsync(version1, version2, "DS0213", "Member 2 'Unit' (string) of 'Evolve.Money' is required but not in DurableSchema.lock");

        using var directory = new TemporaryDirectory();
        await Version1Async(version1, directory.Path);
        using VersionedBuild unlocked = await VersionedBuild.BuildAsync(version2, lockText: null);
        Assert.Equal("Money { Amount = 5, Currency = EUR, Unit =  }", await unlocked.RunAsync("Read", directory.Path));
    }

    [Fact]
    public async Task Removing_an_operation_fails_the_build_with_DS0202()
    {
        const string Deposit = "    [Operation] private void Deposit(string account) => _log.Add(account);";
        string version1 = App(string.Empty, Deposit + "\n    [Operation] private void Close(string account) => _log.Remove(account);", "await ledger.DepositAsync(\"a\"); await ledger.CloseAsync(\"a\");");
        await AssertRefusedAsync(version1, App(string.Empty, Deposit, string.Empty), "DS0202", "Operation 'Close' of 'Evolve.Ledger' is in DurableSchema.lock");
    }

    [Fact]
    public async Task Renaming_an_operation_fails_the_build_with_DS0202_and_the_stable_name_replays_it()
    {
        const string Deposit = "    [Operation] private void Deposit(string account) => _log.Add(account);";
        string version1 = App(string.Empty, Deposit + "\n    [Operation] private void Close(string account) => _log.Add(\"closed \" + account);", "await ledger.DepositAsync(\"a\"); await ledger.CloseAsync(\"a\");");
        await AssertRefusedAsync(
            version1,
            App(string.Empty, Deposit + "\n    [Operation] private void Shut(string account) => _log.Add(\"closed \" + account);", string.Empty),
            "DS0202",
            "keep the old record name with [Operation(\"Close\")]");

        using var directory = new TemporaryDirectory();
        (string lockText, string written) = await Version1Async(version1, directory.Path);
        using VersionedBuild renamed = await VersionedBuild.BuildAsync(
            App(string.Empty, Deposit + "\n    [Operation(\"Close\")] private void Shut(string account) => _log.Add(\"closed \" + account);", string.Empty),
            lockText);
        Assert.Empty(renamed.Diagnostics);
        Assert.Equal(written, await renamed.RunAsync("Read", directory.Path));
    }

    [Fact]
    public async Task A_new_operation_builds_and_the_log_reopens()
    {
        const string Deposit = "    [Operation] private void Deposit(string account) => _log.Add(account);";
        string version1 = App(string.Empty, Deposit, "await ledger.DepositAsync(\"a\");");
        await AssertReplaysAsync(version1, App(string.Empty, Deposit + "\n    [Operation] private void Close(string account) => _log.Remove(account);", string.Empty), "a");
    }

    [Theory]
    [InlineData("int", "long", "2147483647", "2147483647")]
    [InlineData("int", "long", "-2147483648", "-2147483648")]
    [InlineData("byte", "int", "255", "255")]
    [InlineData("float", "double", "1.5f", "1.5")]
    [InlineData("int", "int?", "7", "7")]
    [InlineData("string", "string?", "\"x\"", "x")]
    public async Task A_widening_builds_and_old_records_replay_the_same_value(string before, string after, string argument, string expected)
    {
        string Version(string type) => App(string.Empty, $"    [Operation] private void Keep({type} value) => _log.Add(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? \"null\");", $"await ledger.KeepAsync({argument});");
        await AssertReplaysAsync(Version(before), Version(after), expected);
    }

    private const string Keep = "    [Operation] private void Keep(string entry) => _log.Add(entry);";

    /// <summary>Version 1 of a state whose snapshot holds "a" and whose log holds "b" after it.</summary>
    private static string SnapshottedVersion1(string fields = "    private readonly List<string> _log = new();") =>
        App(string.Empty, Keep, "await ledger.KeepAsync(\"a\"); await ledger.SnapshotAsync(); await ledger.KeepAsync(\"b\");", fields);

    [Fact]
    public async Task Renaming_a_state_field_after_a_snapshot_fails_the_build_with_DS0211_where_it_used_to_drop_the_snapshotted_value()
    {
        string version1 = SnapshottedVersion1();
        string renamed = App(
            string.Empty,
            "    [Operation] private void Keep(string entry) => _entries.Add(entry);",
            string.Empty,
            "    private readonly List<string> _entries = new();",
            "_entries");
        await AssertRefusedAsync(
            version1,
            renamed,
            "DS0211",
            "State field '_log' (array<string>) of 'Evolve.Ledger' is in DurableSchema.lock but not in the code",
            "'_entries' is new with the same shape and looks like a rename: renaming a field drops its value from snapshots",
            "delete its 'field _log' line from DurableSchema.lock deliberately");

        // Without the lock the rename builds, and the restore drops "a": only the record after the snapshot replays.
        using var directory = new TemporaryDirectory();
        (_, string written) = await Version1Async(version1, directory.Path);
        using VersionedBuild unlocked = await VersionedBuild.BuildAsync(renamed, lockText: null);
        Assert.Equal("a|b", written);
        Assert.Equal("b", await unlocked.RunAsync("Read", directory.Path));
    }

    [Fact]
    public async Task Removing_a_state_field_is_DS0211_until_its_lock_line_is_deleted_then_it_builds_and_replays()
    {
        const string Fields = "    private readonly List<string> _log = new();\n    private int _kept;";
        string version1 = App(string.Empty, "    [Operation] private void Keep(string entry) { _log.Add(entry); _kept++; }", "await ledger.KeepAsync(\"a\"); await ledger.SnapshotAsync(); await ledger.KeepAsync(\"b\");", Fields);
        string version2 = App(string.Empty, Keep, string.Empty);
        await AssertRefusedAsync(version1, version2, "DS0211", "State field '_kept' (int32) of 'Evolve.Ledger'", "keep the field");

        using var directory = new TemporaryDirectory();
        (string lockText, string written) = await Version1Async(version1, directory.Path);
        Assert.Contains("  field _kept: int32\n", lockText, StringComparison.Ordinal);
        string accepted = lockText.Replace("  field _kept: int32\n", string.Empty, StringComparison.Ordinal);
        using VersionedBuild second = await VersionedBuild.BuildAsync(version2, accepted);
        Assert.Empty(second.Diagnostics);
        Assert.Equal(written, await second.RunAsync("Read", directory.Path));
        Assert.Equal("a|b", written);
    }

    [Fact]
    public async Task Adding_a_state_field_builds_and_it_misses_the_history_before_the_snapshot()
    {
        string version1 = SnapshottedVersion1();
        string version2 = App(
            string.Empty,
            "    [Operation] private void Keep(string entry) { _log.Add(entry); _count++; }",
            string.Empty,
            "    private readonly List<string> _log = new();\n    private int _count;",
            "System.Linq.Enumerable.Append(_log, _count.ToString(System.Globalization.CultureInfo.InvariantCulture))");

        // Restored from the snapshot, the new field counts only the record replayed after it.
        await AssertReplaysAsync(version1, version2, "a|b|1");
    }

    private const string DepositWithoutMemo = "    [Operation] private void Deposit(string account, decimal amount) => _log.Add(account + \":\" + amount);";

    private static string DepositWithMemo(string memoDefault) =>
        "    [Operation] private void Deposit(string account, decimal amount, string memo = " + memoDefault + ") => _log.Add(account + \":\" + amount + \":\" + memo);";

    [Fact]
    public async Task Changing_the_default_of_an_appended_parameter_fails_the_build_with_DS0212()
    {
        using var directory = new TemporaryDirectory();
        (string lock1, _) = await Version1Async(App(string.Empty, DepositWithoutMemo, "await ledger.DepositAsync(\"alice\", 5m);"), directory.Path);

        // Version 2 appends memo = "none": compatible, and the lock records the value.
        using VersionedBuild second = await VersionedBuild.BuildAsync(App(string.Empty, DepositWithMemo("\"none\""), string.Empty), lock1);
        Assert.Equal(["DS0200"], second.Diagnostics.Select(d => d.Id).Distinct());
        Assert.Equal("alice:5:none", await second.RunAsync("Read", directory.Path));
        string lock2 = Check(second.Compilation, lock1).ProposedText;
        Assert.Contains("    2 memo: string = \"none\"\n", lock2, StringComparison.Ordinal);

        // Version 3 changes it: the old record would now replay with "n/a".
        string version3 = App(string.Empty, DepositWithMemo("\"n/a\""), string.Empty);
        using VersionedBuild third = await VersionedBuild.BuildAsync(version3, lock2);
        AssertErrors(
            third,
            "DS0212",
            "Parameter 2 'memo' of operation 'Deposit' in 'Evolve.Ledger' has the default value \"n/a\" in the code but \"none\" in DurableSchema.lock",
            "keep the default \"none\", or add an operation with a new name");
        Assert.True(Check(third.Compilation, lock2).HasIncompatibleChanges);

        // Without the lock it builds and the old record silently changes meaning: what the lock prevents.
        using VersionedBuild unlocked = await VersionedBuild.BuildAsync(version3, lockText: null);
        Assert.Equal("alice:5:n/a", await unlocked.RunAsync("Read", directory.Path));
    }

    [Fact]
    public async Task A_lock_that_records_only_that_a_default_exists_stays_compatible_and_the_update_records_the_value()
    {
        string version2 = App(string.Empty, DepositWithMemo("\"none\""), string.Empty);
        using VersionedBuild current = await VersionedBuild.BuildAsync(version2, lockText: null);
        string recorded = Check(current.Compilation, lockText: null).ProposedText;
        string legacy = recorded.Replace("2 memo: string = \"none\"", "2 memo: string = default", StringComparison.Ordinal);
        Assert.NotEqual(recorded, legacy);

        using VersionedBuild checkedAgainstLegacy = await VersionedBuild.BuildAsync(version2, legacy);
        Assert.True(checkedAgainstLegacy.Succeeded, checkedAgainstLegacy.Describe());
        Diagnostic outOfDate = Assert.Single(checkedAgainstLegacy.Diagnostics);
        Assert.Equal("DS0200", outOfDate.Id);
        Assert.Contains("has the default value \"none\", not recorded in DurableSchema.lock yet", outOfDate.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(recorded, Check(checkedAgainstLegacy.Compilation, legacy).ProposedText);
    }

    [Fact]
    public async Task Changing_the_default_of_an_appended_record_member_fails_the_build_with_DS0212()
    {
        const string Pay = "    [Operation] private void Pay(Money money) => _log.Add(money.ToString());";
        using var directory = new TemporaryDirectory();
        (string lock1, _) = await Version1Async(App("public sealed record Money(decimal Amount, string Currency);", Pay, "await ledger.PayAsync(new Money(5m, \"EUR\"));"), directory.Path);
        using VersionedBuild second = await VersionedBuild.BuildAsync(App("public sealed record Money(decimal Amount, string Currency, int Scale = 2);", Pay, string.Empty), lock1);
        Assert.True(second.Succeeded, second.Describe());
        string lock2 = Check(second.Compilation, lock1).ProposedText;
        Assert.Contains("  2 Scale: int32 = 2\n", lock2, StringComparison.Ordinal);

        using VersionedBuild third = await VersionedBuild.BuildAsync(App("public sealed record Money(decimal Amount, string Currency, int Scale = 4);", Pay, string.Empty), lock2);
        AssertErrors(third, "DS0212", "Member 2 'Scale' of type 'Evolve.Money' has the default value 4 in the code but 2 in DurableSchema.lock", "add a new member with the new default at the end");
    }

    [Fact]
    public async Task A_record_that_still_cannot_be_decoded_names_sequence_operation_parameter_types_and_cause()
    {
        string version1 = App(string.Empty, "    [Operation] private void Deposit(string account, int count) => _log.Add(account + count);", "await ledger.DepositAsync(\"a\", 1); await ledger.DepositAsync(\"b\", 2);");
        string version2 = App(string.Empty, "    [Operation] private void Deposit(string account, string count) => _log.Add(account + count);", string.Empty);
        using var directory = new TemporaryDirectory();
        await Version1Async(version1, directory.Path);

        // The lock bypassed: built without it, the change compiles, and opening the log must explain itself.
        using VersionedBuild bypassed = await VersionedBuild.BuildAsync(version2, lockText: null);
        DurableReplayException failure = await Assert.ThrowsAsync<DurableReplayException>(() => bypassed.RunAsync("Read", directory.Path));
        Assert.Equal(1, failure.Sequence);
        Assert.Equal("Deposit", failure.OperationName);
        Assert.Equal(1, failure.ArgumentIndex);
        Assert.Equal("count", failure.ParameterName);
        Assert.Contains("sequence 1 (operation 'Deposit')", failure.Message, StringComparison.Ordinal);
        Assert.Contains("argument 1 'count' (declared as string)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Expected a string", failure.Message, StringComparison.Ordinal);
        Assert.Contains("but found", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Likely cause: the operation's parameters changed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("DurableSchema.lock", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_of_a_user_type_that_changed_names_the_parameter_that_holds_it()
    {
        const string Pay = "    [Operation] private void Pay(string account, Money money) => _log.Add(account + money);";
        string version1 = App("public sealed record Money(decimal Amount, string Currency);", Pay, "await ledger.PayAsync(\"a\", new Money(5m, \"EUR\"));");
        string version2 = App("public sealed record Money(decimal Amount, int Scale, string Currency);", Pay, string.Empty);
        using var directory = new TemporaryDirectory();
        await Version1Async(version1, directory.Path);
        using VersionedBuild bypassed = await VersionedBuild.BuildAsync(version2, lockText: null);
        DurableReplayException failure = await Assert.ThrowsAsync<DurableReplayException>(() => bypassed.RunAsync("Read", directory.Path));
        Assert.Equal(1, failure.ArgumentIndex);
        Assert.Equal("money", failure.ParameterName);
        Assert.Contains("argument 1 'money' (declared as Evolve.Money)", failure.Message, StringComparison.Ordinal);
    }
}
