using System.Collections.Immutable;
using Durably.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Durably.Generators.Tests.Infrastructure;

/// <summary>
/// Builds consumer compilations the way a project referencing Durably would: the running
/// runtime's assemblies (TRUSTED_PLATFORM_ASSEMBLIES) plus Durably.dll, nullable enabled.
/// </summary>
internal static class CompilationFactory
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    public static CSharpCompilation Create(string assemblyName, params string[] sources) =>
        Create(assemblyName, sources.Select((source, i) => (Path: "Source" + i + ".cs", Text: source)));

    public static CSharpCompilation Create(string assemblyName, IEnumerable<(string Path, string Text)> sources)
    {
        SyntaxTree[] trees = [.. sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path))];
        return CSharpCompilation.Create(
            assemblyName,
            trees,
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true,
                deterministic: true,
                concurrentBuild: false));
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")
            ?? throw new InvalidOperationException("The runtime did not report TRUSTED_PLATFORM_ASSEMBLIES.");
        string durably = typeof(DurableStore).Assembly.Location;
        var paths = trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                        || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(durably)
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
