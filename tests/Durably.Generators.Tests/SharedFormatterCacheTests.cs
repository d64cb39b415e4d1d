using System.Text.RegularExpressions;
using Durably.Generators.Model;
using Durably.Generators.Parsing;
using Durably.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Durably.Generators.Tests;

/// <summary>
/// The assembly's shared formatter cache: a data type or closed composition used by several state
/// classes is emitted once and every class refers to it; types only one state class can name keep
/// their formatters in that class; and both classes round-trip their values through real logs.
/// </summary>
public sealed class SharedFormatterCacheTests
{
    private const string TwoStates = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading.Tasks;
        using Durably;

        namespace Shared;

        public sealed record Money(string Currency, decimal Amount);

        public sealed record Link(int Value, Link? Next);

        [DurableState]
        public partial class Wallet
        {
            private readonly Dictionary<string, Money> _balances = new();
            private readonly List<Money> _history = new();

            [Operation]
            private void Credit(string account, Money amount, List<Money> parts)
            {
                _balances[account] = amount;
                _history.AddRange(parts);
            }

            [Query]
            private string SummaryCore() =>
                string.Join(";", _balances.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)) + "/" + string.Join(",", _history);
        }

        [DurableState]
        public partial class Budget
        {
            private readonly Dictionary<string, Money> _limits = new();
            private readonly Dictionary<Guid, Plan> _plans = new();
            private Link? _chain;

            [Operation]
            private void Limit(string category, Money limit, List<Money> steps) =>
                _limits[category] = limit with { Amount = limit.Amount + steps.Sum(s => s.Amount) };

            [Operation]
            private void Add(Guid id, Plan plan) => _plans[id] = plan;

            [Operation]
            private void Chain(Link chain) => _chain = chain;

            public ValueTask AddPlanAsync(Guid id, string name, Money target) => AddAsync(id, new Plan { Name = name, Target = target });

            [Query]
            private string SummaryCore()
            {
                string chain = string.Empty;
                for (Link? link = _chain; link is not null; link = link.Next)
                {
                    chain += link.Value;
                }

                return string.Join(";", _limits.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value))
                    + "/" + string.Join(",", _plans.Values.Select(p => p.Name + ":" + p.Target)) + "/" + chain;
            }

            // Only Budget can name Plan: its formatter stays in Budget's file.
            private sealed class Plan
            {
                public string Name { get; set; } = string.Empty;

                public Money? Target { get; set; }
            }
        }

        public static class Scenario
        {
            private static DurableOptions Options(string root, string name) => new()
            {
                PrimaryDirectory = Path.Combine(root, name, "primary"),
                SecondaryDirectory = Path.Combine(root, name, "secondary"),
                Log = { SegmentSize = 1 << 20 },
                Snapshots = SnapshotPolicy.Manual,
            };

            public static async Task<string> Run(string root)
            {
                await using Wallet wallet = await Wallet.OpenAsync(Options(root, "wallet"));
                await using Budget budget = await Budget.OpenAsync(Options(root, "budget"));
                await wallet.CreditAsync("alice", new Money("EUR", 10m), [new Money("EUR", 4m), new Money("EUR", 6m)]);
                await budget.LimitAsync("food", new Money("EUR", 100m), [new Money("EUR", 1.5m)]);
                await budget.AddPlanAsync(new Guid("00000000-0000-0000-0000-000000000001"), "trip", new Money("USD", 900m));

                // Budget's state after this comes from its snapshot (its fields through both caches), the rest from the log.
                await budget.SnapshotAsync();
                await budget.ChainAsync(new Link(1, new Link(2, new Link(3, null))));
                await wallet.CreditAsync("bob", new Money("USD", 2.25m), []);
                return wallet.Summary() + "|" + budget.Summary();
            }

            public static async Task<string> Reopen(string root)
            {
                await using Wallet wallet = await Wallet.OpenAsync(Options(root, "wallet"));
                await using Budget budget = await Budget.OpenAsync(Options(root, "budget"));
                return wallet.Summary() + "|" + budget.Summary();
            }
        }
        """;

    [Fact]
    public void A_data_type_and_a_composition_used_by_two_state_classes_are_emitted_once()
    {
        GeneratorRun run = GeneratorRun.Run(CompilationFactory.Create("SharedConsumer", [("TwoStates.cs", TwoStates)]));
        AssertCompiles(run);
        string all = string.Concat(run.GeneratedSources.Values);
        string shared = Assert.IsType<string>(run.SharedSource);

        // Each formatter once in the whole output, and in the shared cache.
        Assert.Equal(1, Count(all, "class MoneyFormatter "));
        Assert.Equal(1, Count(all, "class LinkFormatter "));
        Assert.Equal(1, Count(all, "IMessagePackFormatter<global::Shared.Money> "));
        Assert.Equal(1, Count(all, "IMessagePackFormatter<global::System.Collections.Generic.List<global::Shared.Money>> "));
        Assert.Equal(1, Count(all, "IMessagePackFormatter<global::System.Collections.Generic.Dictionary<string, global::Shared.Money>> "));
        Assert.Equal(1, Count(all, "IMessagePackFormatter<decimal> "));
        Assert.Contains("internal static class SharedConsumerFormatters", shared, StringComparison.Ordinal);
        Assert.Contains("class MoneyFormatter ", shared, StringComparison.Ordinal);

        // The recursive type keeps its nesting level per link, written and read.
        Assert.Contains("DataTypeFormat.WriteHeader(ref writer, 2);", shared, StringComparison.Ordinal);
        Assert.Contains("DataTypeFormat.ReadHeader(ref reader);", shared, StringComparison.Ordinal);

        // Both classes take Money and List<Money> from it.
        foreach (string hint in new[] { "Shared.Wallet.Durably.g.cs", "Shared.Budget.Durably.g.cs" })
        {
            string state = run.GeneratedSources[hint];
            Assert.Contains("global::Durably.Generated.SharedConsumerFormatters.Money.Serialize(", state, StringComparison.Ordinal);
            Assert.Contains("global::Durably.Generated.SharedConsumerFormatters.List_Money.Deserialize(", state, StringComparison.Ordinal);
            Assert.DoesNotContain("class MoneyFormatter", state, StringComparison.Ordinal);
        }

        // Wallet needs nothing of its own; Budget keeps only what involves its private Plan.
        Assert.DoesNotContain("private static class Formatters", run.GeneratedSources["Shared.Wallet.Durably.g.cs"], StringComparison.Ordinal);
        string budget = run.GeneratedSources["Shared.Budget.Durably.g.cs"];
        Assert.Contains("class PlanFormatter ", budget, StringComparison.Ordinal);
        Assert.Contains(
            "Dictionary_Guid_Plan = global::Durably.Runtime.BuiltInFormatters.Dictionary(global::Durably.Generated.SharedConsumerFormatters.Guid, Formatters.Plan);",
            budget,
            StringComparison.Ordinal);
        Assert.Contains("global::Durably.Generated.SharedConsumerFormatters.Money.Serialize(ref writer, value.Target);", budget, StringComparison.Ordinal);
        Assert.DoesNotContain("Plan", shared, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_state_classes_sharing_formatters_round_trip_through_their_logs_and_snapshots()
    {
        using var directory = new TemporaryDirectory();
        using ConsumerAssembly consumer = ConsumerAssembly.Compile("SharedConsumer", TwoStates);
        string live = await consumer.CallAsync<string>("Shared.Scenario", "Run", directory.Path);
        Assert.Equal(
            "alice=Money { Currency = EUR, Amount = 10 };bob=Money { Currency = USD, Amount = 2.25 }/Money { Currency = EUR, Amount = 4 },Money { Currency = EUR, Amount = 6 }"
            + "|food=Money { Currency = EUR, Amount = 101.5 }/trip:Money { Currency = USD, Amount = 900 }/123",
            live);
        Assert.Equal(live, await consumer.CallAsync<string>("Shared.Scenario", "Reopen", directory.Path));
    }

    [Fact]
    public void A_state_class_that_sees_private_members_of_a_data_type_keeps_its_own_formatter()
    {
        // Inner, nested in Box, can see Box's private constructor and backing field; a formatter made
        // from what Inner sees is not the one the rest of the assembly would make, so it stays in Inner.
        GeneratorRun run = GeneratorRun.Run("""
            using Durably;

            namespace Boxes;

            public sealed partial class Box
            {
                public Box()
                {
                }

                private Box(int size) => Size = size;

                public int Size { get; set; }

                [DurableState]
                public partial class Inner
                {
                    private Box? _box;

                    [Operation]
                    private void Put(Box box) => _box = box;
                }
            }

            [DurableState]
            public partial class Outer
            {
                private Box? _box;

                [Operation]
                private void Put(Box box) => _box = box;
            }
            """);
        AssertCompiles(run);
        Assert.Contains("class BoxFormatter ", run.GeneratedSources["Boxes.Box.Inner.Durably.g.cs"], StringComparison.Ordinal);
        Assert.Contains("class BoxFormatter ", run.SharedSource, StringComparison.Ordinal);
        Assert.DoesNotContain("class BoxFormatter", run.GeneratedSources["Boxes.Outer.Durably.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_generic_data_type_closed_over_a_private_type_stays_in_the_state_class()
    {
        GeneratorRun run = GeneratorRun.Run("""
            using System.Collections.Generic;
            using Durably;

            namespace Pairs;

            public sealed record Pair<T>(T First, T Second);

            [DurableState]
            public partial class Board
            {
                private Pair<int>? _shared;
                private Pair<Cell>? _own;
                private Pair<Cell>[] _history = [];

                [Operation]
                private void Set(Pair<int> shared) => _shared = shared;

                private sealed record Cell(int Row, int Column);
            }
            """);
        AssertCompiles(run);
        string state = run.StateSource;
        Assert.Contains("class Pair_Int32Formatter ", run.SharedSource, StringComparison.Ordinal);
        Assert.DoesNotContain("Cell", run.SharedSource, StringComparison.Ordinal);
        Assert.Contains("class Pair_CellFormatter ", state, StringComparison.Ordinal);
        Assert.Contains("class CellFormatter ", state, StringComparison.Ordinal);
        Assert.Contains(" Array_Pair_Cell = global::Durably.Runtime.BuiltInFormatters.Array(Formatters.Pair_Cell);", state, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_data_types_with_one_simple_name_get_fields_named_by_namespace()
    {
        GeneratorRun run = GeneratorRun.Run("""
            using Durably;

            namespace A { public sealed record Money(decimal Amount); }

            namespace B { public readonly record struct Money(long Cents); }

            namespace C
            {
                [DurableState]
                public partial class Till
                {
                    private A.Money? _a;
                    private B.Money _b;

                    [Operation]
                    private void Set(A.Money a, B.Money b)
                    {
                        _a = a;
                        _b = b;
                    }
                }
            }
            """);
        AssertCompiles(run);
        Assert.Contains(" A_Money = new A_MoneyFormatter();", run.SharedSource, StringComparison.Ordinal);
        Assert.Contains(" B_Money = new B_MoneyFormatter();", run.SharedSource, StringComparison.Ordinal);
    }

    [Fact]
    public void An_assembly_that_sees_another_assemblys_internals_compiles_its_own_cache_without_a_conflict()
    {
        // Each cache is internal and named after its assembly: with one fixed name, LibB would see
        // LibA's class too (InternalsVisibleTo) and its generated code would hit CS0436.
        const string Library = """
            using Durably;

            [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("LibB")]

            namespace LibA;

            public sealed record Money(string Currency, decimal Amount);

            [DurableState]
            public partial class Vault
            {
                private Money? _money;

                [Operation]
                private void Put(Money money, decimal extra) => _money = money;
            }
            """;
        GeneratorRun library = GeneratorRun.Run(CompilationFactory.Create("LibA", [("Vault.cs", Library)]));
        AssertCompiles(library);
        using var image = new MemoryStream();
        EmitResult emitted = library.OutputCompilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        CSharpCompilation consumer = CompilationFactory.Create("LibB", [("Till.cs", """
            using Durably;

            namespace LibB;

            [DurableState]
            public partial class Till
            {
                private LibA.Money? _money;

                [Operation]
                private void Put(LibA.Money money, decimal extra) => _money = money;
            }
            """)]).AddReferences(MetadataReference.CreateFromImage(image.ToArray()));
        GeneratorRun run = GeneratorRun.Run(consumer);
        AssertCompiles(run);
        Assert.Contains("internal static class LibBFormatters", run.SharedSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Merging_keeps_one_entry_per_type_declared_after_its_arguments_and_refuses_two_different_formatters_for_one_type()
    {
        static FormatterFieldSpec Leaf(string key, string name) => new(key, name, name, "Leaf." + name, EquatableArray<string>.Empty, 0);
        FormatterFieldSpec list = new("List<int>", "List_Int32", "List_Int32", "Compose.List", new[] { "int" }.ToEquatableArray(), 1);
        var first = new SharedFormatterSet(EquatableArray<DataTypeSpec>.Empty, new[] { Leaf("int", "Int32"), list }.ToEquatableArray());
        var second = new SharedFormatterSet(EquatableArray<DataTypeSpec>.Empty, new[] { list, Leaf("int", "Int32"), Leaf("string", "String") }.ToEquatableArray());

        FormatterCacheSpec cache = SharedFormatterCache.Merge([second, first], "App");
        Assert.Equal(["int", "string", "List<int>"], cache.Formatters.Select(f => f.Key));

        var conflicting = new SharedFormatterSet(EquatableArray<DataTypeSpec>.Empty, new[] { Leaf("int", "Other") }.ToEquatableArray());
        Assert.Throws<InvalidOperationException>(() => SharedFormatterCache.Merge([first, conflicting], "App"));
    }

    [Fact]
    public void The_cache_is_named_after_the_assembly()
    {
        Assert.Equal("My_App_2Formatters", SharedFormatterCache.ClassName("My.App-2"));
        Assert.Equal("_2FastFormatters", SharedFormatterCache.ClassName("2Fast"));
        Assert.Equal("Formatters", SharedFormatterCache.ClassName(null));
    }

    private static int Count(string text, string value) => Regex.Count(text, Regex.Escape(value));

    private static void AssertCompiles(GeneratorRun run)
    {
        Assert.Empty(run.GeneratorDiagnostics.Select(static (Diagnostic d) => d.ToString()).ToList());
        Assert.Empty(run.CompilationDiagnostics.Select(static (Diagnostic d) => d.ToString()).ToList());
    }
}
