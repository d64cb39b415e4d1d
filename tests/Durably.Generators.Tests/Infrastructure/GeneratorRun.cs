using System.Collections.Immutable;
using Durably.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Durably.Generators.Tests.Infrastructure;

/// <summary>One run of the Durably generator over a compilation, with everything tests look at.</summary>
internal sealed class GeneratorRun
{
    private GeneratorRun(GeneratorDriver driver, Compilation output, ImmutableArray<Diagnostic> generatorDiagnostics)
    {
        Driver = driver;
        OutputCompilation = output;
        GeneratorDiagnostics = generatorDiagnostics;
    }

    /// <summary>The driver after the run; run it again for incremental tests.</summary>
    public GeneratorDriver Driver { get; }

    /// <summary>The input compilation plus the generated trees.</summary>
    public Compilation OutputCompilation { get; }

    /// <summary>The diagnostics the generator reported.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    public GeneratorDriverRunResult Result => Driver.GetRunResult();

    /// <summary>The generated sources by hint name: one per state class, and the assembly's shared formatter cache.</summary>
    public IReadOnlyDictionary<string, string> GeneratedSources =>
        Result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>The generated sources of the state classes, by hint name (the shared formatter cache left out).</summary>
    public IReadOnlyDictionary<string, string> StateSources =>
        GeneratedSources.Where(s => s.Key != SharedFormatterCache.HintName).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);

    /// <summary>The generated source of the only state class.</summary>
    public string StateSource => Assert.Single(StateSources).Value;

    /// <summary>The assembly's shared formatter cache, or null when no formatter is shared.</summary>
    public string? SharedSource => GeneratedSources.GetValueOrDefault(SharedFormatterCache.HintName);

    /// <summary>Compiler diagnostics of the output compilation (warnings and errors).</summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics =>
        [.. OutputCompilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new DurableStateGenerator().AsSourceGenerator()],
            parseOptions: CompilationFactory.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(Compilation compilation, GeneratorDriver? driver = null)
    {
        GeneratorDriver ran = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratorRun(ran, output, diagnostics);
    }

    public static GeneratorRun Run(params string[] sources) => Run(CompilationFactory.Create("Consumer", sources));
}
