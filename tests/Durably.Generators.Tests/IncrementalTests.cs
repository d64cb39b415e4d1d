using System.Collections;
using System.Reflection;
using Durably.Generators.Model;
using Durably.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Durably.Generators.Tests;

/// <summary>
/// The pipeline caches: after an unrelated edit every tracked step comes back Cached or
/// Unchanged, after a relevant edit the model changes, and the model holds only values (no
/// symbol, compilation or syntax node that would defeat caching).
/// </summary>
public sealed class IncrementalTests
{
    private const string State = """
        using System.Collections.Generic;
        using Durably;

        namespace Sample;

        public sealed record Money(string Currency, decimal Amount);

        [DurableState]
        public partial class Wallet
        {
            private readonly Dictionary<string, Money> _balances = new();

            [Operation]
            private void Credit(string account, Money amount) => _balances[account] = amount;
        }
        """;

    private const string Unrelated = """
        namespace Sample;

        public static class Unrelated
        {
            public static int Twice(int x) => x * 2;
        }
        """;

    [Fact]
    public void An_unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        CSharpCompilation compilation = CompilationFactory.Create("Consumer", [("Wallet.cs", State), ("Unrelated.cs", Unrelated)]);
        GeneratorRun first = GeneratorRun.Run(compilation);
        GeneratorRun second = RunEdited(compilation, first, "Unrelated.cs", Unrelated.Replace("x * 2", "x + x", StringComparison.Ordinal));

        foreach (string step in new[]
                 {
                     DurableStateGenerator.TrackingNames.DurableStates, DurableStateGenerator.TrackingNames.StrayOperations,
                     DurableStateGenerator.TrackingNames.SharedFormatters, DurableStateGenerator.TrackingNames.StateOutputs,
                 })
        {
            IncrementalGeneratorRunStep[] runs = [.. second.Result.Results.Single().TrackedSteps.GetValueOrDefault(step, [])];
            foreach ((object _, IncrementalStepRunReason reason) in runs.SelectMany(r => r.Outputs))
            {
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + " came back " + reason);
            }
        }

        Assert.NotEmpty(second.Result.Results.Single().TrackedSteps[DurableStateGenerator.TrackingNames.DurableStates]);
        Assert.All(
            second.Result.Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "output came back " + output.Reason));
    }

    [Fact]
    public void Adding_an_unrelated_file_leaves_the_model_unchanged()
    {
        CSharpCompilation compilation = CompilationFactory.Create("Consumer", [("Wallet.cs", State)]);
        GeneratorRun first = GeneratorRun.Run(compilation);
        GeneratorRun second = GeneratorRun.Run(
            compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Unrelated, CompilationFactory.ParseOptions, "Unrelated.cs")),
            first.Driver);

        IncrementalStepRunReason reason = second.Result.Results.Single().TrackedSteps[DurableStateGenerator.TrackingNames.DurableStates]
            .Single().Outputs.Single().Reason;
        Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString());
    }

    [Fact]
    public void Editing_an_operation_produces_a_modified_model()
    {
        CSharpCompilation compilation = CompilationFactory.Create("Consumer", [("Wallet.cs", State)]);
        GeneratorRun first = GeneratorRun.Run(compilation);
        GeneratorRun second = RunEdited(compilation, first, "Wallet.cs", State.Replace("Money amount)", "Money amount, int times = 1)", StringComparison.Ordinal));

        IncrementalStepRunReason reason = second.Result.Results.Single().TrackedSteps[DurableStateGenerator.TrackingNames.DurableStates]
            .Single().Outputs.Single().Reason;
        Assert.Equal(IncrementalStepRunReason.Modified, reason);
        Assert.Contains("int times = 1", second.StateSource, StringComparison.Ordinal);
    }

    private const string SharedMoney = """
        namespace Sample;

        public sealed record Money(string Currency, decimal Amount);
        """;

    private const string Budget = """
        using System.Collections.Generic;
        using Durably;

        namespace Sample;

        [DurableState]
        public partial class Budget
        {
            private readonly Dictionary<string, Money> _limits = new();

            [Operation]
            private void Limit(string category, Money limit) => _limits[category] = limit;
        }
        """;

    [Fact]
    public void Editing_one_state_class_leaves_the_other_class_file_and_the_shared_cache_unchanged()
    {
        CSharpCompilation compilation = TwoStatesSharingMoney();
        GeneratorRun first = GeneratorRun.Run(compilation);
        Assert.Empty(first.CompilationDiagnostics);

        // A new operation of types the class already uses: only Budget's file is written again.
        GeneratorRun second = RunEdited(
            compilation,
            first,
            "Budget.cs",
            Budget.Replace("    [Operation]", "    [Operation]\n    private void Raise(string category, Money by) { }\n\n    [Operation]", StringComparison.Ordinal));

        Assert.Contains("RaiseAsync(", second.GeneratedSources["Sample.Budget.Durably.g.cs"], StringComparison.Ordinal);
        IncrementalStepRunReason[] outputs = StepReasons(second, DurableStateGenerator.TrackingNames.StateOutputs);
        Assert.Equal(2, outputs.Length);
        Assert.Single(outputs, reason => reason == IncrementalStepRunReason.Modified);
        Assert.All(outputs.Where(reason => reason != IncrementalStepRunReason.Modified), AssertCachedOrUnchanged);
        Assert.All(StepReasons(second, DurableStateGenerator.TrackingNames.SharedFormatters), AssertCachedOrUnchanged);
        Assert.Equal(first.SharedSource, second.SharedSource);
    }

    [Fact]
    public void Changing_a_shared_data_type_rewrites_the_shared_cache_and_no_state_class_file()
    {
        CSharpCompilation compilation = TwoStatesSharingMoney();
        GeneratorRun first = GeneratorRun.Run(compilation);
        GeneratorRun second = RunEdited(compilation, first, "Money.cs", SharedMoney.Replace("decimal Amount)", "decimal Amount, string? Memo = null)", StringComparison.Ordinal));

        Assert.Empty(second.CompilationDiagnostics);
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(StepReasons(second, DurableStateGenerator.TrackingNames.SharedFormatters)));
        Assert.Contains("WriteHeader(ref writer, 3);", second.SharedSource, StringComparison.Ordinal);
        Assert.Equal(2, StepReasons(second, DurableStateGenerator.TrackingNames.StateOutputs).Length);
        Assert.All(StepReasons(second, DurableStateGenerator.TrackingNames.StateOutputs), AssertCachedOrUnchanged);
    }

    /// <summary>Wallet and Budget, each using the Money record declared in a file of its own.</summary>
    private static CSharpCompilation TwoStatesSharingMoney() => CompilationFactory.Create(
        "Consumer",
        [("Wallet.cs", State.Replace("public sealed record Money(string Currency, decimal Amount);", string.Empty, StringComparison.Ordinal)), ("Budget.cs", Budget), ("Money.cs", SharedMoney)]);

    /// <summary>Runs the generator again, after <paramref name="previous"/>, with the file at <paramref name="path"/> replaced by <paramref name="text"/>.</summary>
    private static GeneratorRun RunEdited(CSharpCompilation compilation, GeneratorRun previous, string path, string text) => GeneratorRun.Run(
        compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(t => t.FilePath == path),
            CSharpSyntaxTree.ParseText(text, CompilationFactory.ParseOptions, path)),
        previous.Driver);

    private static IncrementalStepRunReason[] StepReasons(GeneratorRun run, string step) =>
        [.. run.Result.Results.Single().TrackedSteps[step].SelectMany(r => r.Outputs).Select(o => o.Reason)];

    private static void AssertCachedOrUnchanged(IncrementalStepRunReason reason) =>
        Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString());

    [Fact]
    public void The_model_holds_no_symbol_compilation_or_syntax()
    {
        GeneratorRun run = GeneratorRun.Run(CompilationFactory.Create("Consumer", [("Wallet.cs", State)]));
        object model = run.Result.Results.Single().TrackedSteps[DurableStateGenerator.TrackingNames.DurableStates].Single().Outputs.Single().Value;
        var parse = Assert.IsType<ParseResult>(model);
        Assert.NotNull(parse.Spec);
        Assert.NotEmpty(parse.Shared.DataTypes);

        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        AssertValuesOnly(model, "model", visited);
        Assert.True(visited.Count > 20, "the walk reached only " + visited.Count + " objects");
    }

    [Fact]
    public void Equal_sources_parse_to_equal_models()
    {
        object Parse() => GeneratorRun.Run(CompilationFactory.Create("Consumer", [("Wallet.cs", State)]))
            .Result.Results.Single().TrackedSteps[DurableStateGenerator.TrackingNames.DurableStates].Single().Outputs.Single().Value;

        object first = Parse();
        object second = Parse();
        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    private static void AssertValuesOnly(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Assert.False(value is ISymbol, path + " holds a symbol");
        Assert.False(value is Compilation, path + " holds a compilation");
        Assert.False(value is SyntaxNode, path + " holds a syntax node");
        Assert.False(value is SyntaxTree, path + " holds a syntax tree");
        Assert.False(value is SemanticModel, path + " holds a semantic model");
        Assert.False(value is Location, path + " holds a location");

        // Descriptors are static catalogue entries, compared by identity of their ID.
        if (value is DiagnosticDescriptor || !visited.Add(value))
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            int index = 0;
            foreach (object? item in sequence)
            {
                AssertValuesOnly(item, path + "[" + index++ + "]", visited);
            }
        }

        for (Type? type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertValuesOnly(field.GetValue(value), path + "." + field.Name, visited);
            }
        }
    }
}
