using System.Collections.Immutable;
using Durably.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Durably.Generators.Tests;

/// <summary>
/// Generated entry points and queries inherit the user's documentation through
/// <c>&lt;inheritdoc cref="..."/&gt;</c>; compiled with documentation diagnostics on (as a project
/// with GenerateDocumentationFile and warnings as errors is), every cref binds and nothing is missing.
/// </summary>
public sealed class GeneratedDocumentationTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using Durably;

        namespace Docs;

        /// <summary>A documented state.</summary>
        [DurableState]
        public partial class Box
        {
            private readonly List<int> _items = [];
            private string? _label;

            /// <summary>Adds values.</summary>
            /// <param name="values">The values.</param>
            /// <param name="label">An optional label.</param>
            [Operation]
            private void Add(List<int> values, string? label = null)
            {
                _items.AddRange(values);
                _label = label;
            }

            /// <summary>Adds one value, under a stable name.</summary>
            /// <param name="value">The value.</param>
            [Operation("add-one")]
            private void Add(int value) => _items.Add(value);

            /// <summary>Adds pairs.</summary>
            /// <param name="pairs">The pairs.</param>
            [Operation]
            private void AddPairs(Dictionary<string, int[]> pairs) => _items.Add(pairs.Count);

            /// <summary>Adds a moment's ticks.</summary>
            /// <param name="at">When.</param>
            /// <param name="weight">How much.</param>
            [Operation]
            private void Stamp(DateTimeOffset? at, decimal weight) => _items.Add(at is null ? 0 : (int)weight);

            [Operation]
            private void Undocumented(int value) => _items.Add(value);

            /// <summary>Sums the items from <paramref name="from"/>.</summary>
            /// <param name="from">Where to start.</param>
            /// <param name="extra">More to add.</param>
            /// <returns>The sum.</returns>
            [Query]
            private int SumCore(int from = 0, params int[] extra) => _items.Count + from + extra.Length;

            /// <summary>The items, copied.</summary>
            [Query]
            private ImmutableArray<int> ItemsCore => [.. _items];

            /// <summary>Pairs the label with a number.</summary>
            /// <param name="pair">A tuple, which has no cref spelling.</param>
            /// <returns>The label.</returns>
            [Query]
            private string LabelCore((int Number, string Text) pair) => (_label ?? pair.Text) + pair.Number;

            [Query]
            private int CountCore => _items.Count;
        }
        """;

    [Fact]
    public void Every_generated_cref_binds_and_no_public_member_lacks_documentation()
    {
        CSharpParseOptions parseOptions = CompilationFactory.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        CSharpCompilation compilation = CompilationFactory.Create("Docs", [("Box.cs", Source)]);
        compilation = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees[0],
            CSharpSyntaxTree.ParseText(Source, parseOptions, "Box.cs"));

        GeneratorDriver driver = CSharpGeneratorDriver.Create([new DurableStateGenerator().AsSourceGenerator()], parseOptions: parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        string generated = output.SyntaxTrees.Last().ToString();
        Assert.Contains("/// <inheritdoc cref=\"Add(global::System.Collections.Generic.List{int}, string)\"/>", generated, StringComparison.Ordinal);
        Assert.Contains("/// <inheritdoc cref=\"Add(int)\"/>", generated, StringComparison.Ordinal);

        // The inherited docs know nothing of the token the entry point adds: it is documented after
        // them, and then every other parameter inherits its own (else CS1573, which the assertion above catches).
        Assert.Matches(
            "<inheritdoc cref=\"Add\\(int\\)\"/>\\s*"
            + "/// <param name=\"value\"><inheritdoc cref=\"Add\\(int\\)\" path=\"/param\\[@name='value'\\]/node\\(\\)\"/></param>\\s*"
            + "/// <param name=\"cancellationToken\">Observed until the record is handed to the log",
            generated);
        Assert.Contains("/// <inheritdoc cref=\"AddPairs(global::System.Collections.Generic.Dictionary{string, int[]})\"/>", generated, StringComparison.Ordinal);
        Assert.Contains("/// <inheritdoc cref=\"Stamp(global::System.Nullable{global::System.DateTimeOffset}, decimal)\"/>", generated, StringComparison.Ordinal);
        Assert.Contains("/// <inheritdoc cref=\"LabelCore\"/>", generated, StringComparison.Ordinal);
        Assert.Contains("/// <inheritdoc cref=\"ItemsCore\"/>", generated, StringComparison.Ordinal);
        Assert.Contains("Runs the query <c>CountCore</c>", generated, StringComparison.Ordinal);
        Assert.Contains("Logs a <c>Undocumented</c> record", generated, StringComparison.Ordinal);
    }
}
