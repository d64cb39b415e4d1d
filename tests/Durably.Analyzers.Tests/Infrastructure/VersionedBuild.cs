using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Durably.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Emit;

namespace Durably.Analyzers.Tests.Infrastructure;

/// <summary>
/// One version of an application built as a build does it: the sources, the Durably generator and
/// the schema lock analyzer (DurableSchema.lock as an additional file), warnings reported, errors
/// failing the build; a successful build is emitted and loaded into its own collectible context,
/// so two versions of the same class can run one after the other against the same log.
/// </summary>
internal sealed class VersionedBuild : IDisposable
{
    private static int s_builds;
    private readonly Context? _context;

    private VersionedBuild(Compilation compilation, ImmutableArray<Diagnostic> diagnostics, Context? context, Assembly? assembly)
    {
        Compilation = compilation;
        Diagnostics = diagnostics;
        _context = context;
        Assembly = assembly;
    }

    /// <summary>The compilation with the generated sources.</summary>
    public Compilation Compilation { get; }

    /// <summary>Everything the build reported: compiler, generator and analyzer diagnostics, warnings included.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public bool Succeeded => Assembly is not null;

    public Assembly? Assembly { get; }

    public static async Task<VersionedBuild> BuildAsync(string source, string? lockText)
    {
        string name = "Evolving" + Interlocked.Increment(ref s_builds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        CSharpCompilation compilation = TestCompilation.Create([(name + ".cs", source)]).WithAssemblyName(name);
        ImmutableArray<AdditionalText> additional = lockText is null ? [] : [new SchemaLockHarness.InMemoryAdditionalText(SchemaLockHarness.LockPath, lockText)];
        var options = new EditorConfigOptionsProvider(ImmutableDictionary<string, string>.Empty);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new DurableStateGenerator().AsSourceGenerator()],
            additional,
            TestCompilation.ParseOptions,
            options);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        ImmutableArray<Diagnostic> analyzerDiagnostics = await output
            .WithAnalyzers([new SchemaLockAnalyzer()], new AnalyzerOptions(additional, options))
            .GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(analyzerDiagnostics, d => d.Id == "AD0001");
        ImmutableArray<Diagnostic> diagnostics = [.. output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning), .. generatorDiagnostics, .. analyzerDiagnostics];
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new VersionedBuild(output, diagnostics, null, null);
        }

        using var image = new MemoryStream();
        EmitResult emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        var context = new Context(name);
        return new VersionedBuild(output, diagnostics, context, context.LoadFromStream(image));
    }

    /// <summary>Runs a public static scenario method that returns <c>Task&lt;string&gt;</c>.</summary>
    public async Task<string> RunAsync(string method, string root)
    {
        Assert.True(Succeeded, "The build failed:\n" + Describe());
        MethodInfo target = Assembly!.GetType("Evolve.Scenario", throwOnError: true)!.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!;
        try
        {
            return await (Task<string>)target.Invoke(null, [root])!;
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is not null)
        {
            throw invocation.InnerException;
        }
    }

    public string Describe() => string.Join("\n", Diagnostics.Select(d => d.ToString()));

    public void Dispose() => _context?.Unload();

    private sealed class Context(string name) : AssemblyLoadContext(name, isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }
}
