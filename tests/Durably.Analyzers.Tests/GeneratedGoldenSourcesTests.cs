using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Durably.Analyzers.Tests.Infrastructure;
using Durably.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durably.Analyzers.Tests;

/// <summary>
/// No false positives on real durable classes: the generator's golden inputs (records, nested and
/// inherited types, stable names and defaults, every supported data type), compiled together with
/// what the real generator emits for them, give no analyzer diagnostic — neither in the user's
/// code nor in the generated code.
/// </summary>
public sealed class GeneratedGoldenSourcesTests
{
    public static TheoryData<string> GoldenInputs() =>
        [.. Directory.GetFiles(GoldenDirectory(), "*.cs")
            .Where(path => !path.EndsWith(".generated.cs", StringComparison.Ordinal))
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(GoldenInputs))]
    public async Task The_analyzers_report_nothing_on_a_golden_input_and_its_generated_code(string name)
    {
        string input = File.ReadAllText(Path.Combine(GoldenDirectory(), name + ".cs"));
        CSharpCompilation compilation = TestCompilation.Create([(name + ".cs", input)]);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new DurableStateGenerator().AsSourceGenerator()],
            parseOptions: TestCompilation.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.True(output.SyntaxTrees.Count() > compilation.SyntaxTrees.Length, "the generator emitted nothing for " + name);
        TestCompilation.AssertCompiles(output);

        var withAnalyzers = output.WithAnalyzers(
            AnalyzerVerifier.AllAnalyzers,
            new CompilationWithAnalyzersOptions(AnalyzerVerifier.AnalyzerOptionsWith(), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        ImmutableArray<Diagnostic> diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        Assert.True(
            diagnostics.IsEmpty,
            "Unexpected diagnostics:\n  " + string.Join("\n  ", diagnostics.Select(d => d.ToString())));
    }

    private static string GoldenDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Durably.Generators.Tests", "Golden");
}
