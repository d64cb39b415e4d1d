using System.Text.RegularExpressions;
using Durably.Analyzers.Tests.Infrastructure;
using Durably.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Durably.Analyzers.Tests;

/// <summary>
/// The lock's member positions for user types are the generator's wire positions: for records,
/// classes and structs of every shape the generator supports, the members listed in the lock are
/// the members the generated formatter writes, in the same order.
/// </summary>
public sealed partial class SchemaLayoutConsistencyTests
{
    private const string Types = """
        namespace Bank;
        public sealed record Positional(decimal Amount, string Currency)
        {
            public int Scale { get; init; }
            public string? Note { get; set; }
        }
        public class Base { public int Id { get; set; } }
        public sealed class Derived : Base
        {
            public string Name { get; set; } = "";
            public List<Positional> Items { get; set; } = new();
            public int Count;
        }
        public readonly record struct Point(int X, int Y);
        public struct Mutable { public int A; public string B { get; set; } }
        public sealed class ByConstructor
        {
            public ByConstructor(string code, int rank) { Code = code; Rank = rank; }
            public string Code { get; }
            public int Rank { get; }
            public bool Flag { get; set; }
        }
        [DurableState]
        public partial class Ledger
        {
            private readonly List<Derived> _all = new();
            [Operation] private void Add(Positional p, Derived d, Point point, Mutable m, ByConstructor c) { }
        }
        """;

    [Fact]
    public void Every_user_type_lists_its_members_in_the_order_the_generated_formatter_writes_them()
    {
        string lockText = SchemaLockHarness.LockFor(Types);
        CSharpCompilation compilation = TestCompilation.Create([("Types.cs", Types)]);
        GeneratorDriverRunResult result = CSharpGeneratorDriver.Create(new DurableStateGenerator()).RunGenerators(compilation).GetRunResult();
        // The formatters are in the assembly's shared formatter cache, beside the state class's file.
        string generated = string.Concat(result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString()));

        string[] types = ["Positional", "Derived", "Point", "Mutable", "ByConstructor"];
        foreach (string type in types)
        {
            string[] locked = LockedMembers(lockText, "Bank." + type);
            string[] written = WrittenMembers(generated, type);
            Assert.True(locked.Length > 0, "The lock lists no members for " + type + ":\n" + lockText);
            Assert.Equal(written, locked);
        }
    }

    private static string[] LockedMembers(string lockText, string typeName)
    {
        int start = lockText.IndexOf("\ntype " + typeName + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, typeName + " is not in the lock:\n" + lockText);
        return [.. lockText[(start + typeName.Length + 7)..]
            .Split('\n')
            .TakeWhile(line => line.StartsWith("  ", StringComparison.Ordinal))
            .Select(line => MemberLine().Match(line).Groups[1].Value)];
    }

    /// <summary>The members the generated formatter of <paramref name="type"/> writes, in order.</summary>
    private static string[] WrittenMembers(string generated, string type)
    {
        Match serialize = Regex.Match(
            generated,
            @"IMessagePackFormatter<global::Bank\." + type + @">\s*\{\s*public void Serialize\(.*?public global::Bank\." + type + " Deserialize",
            RegexOptions.Singleline);
        Assert.True(serialize.Success, "No formatter for " + type);
        return [.. WrittenValue().Matches(serialize.Value).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"^  [0-9]+ ([A-Za-z_][A-Za-z0-9_]*): ")]
    private static partial Regex MemberLine();

    [GeneratedRegex(@"value\.@?([A-Za-z_][A-Za-z0-9_]*)[,)]")]
    private static partial Regex WrittenValue();
}
