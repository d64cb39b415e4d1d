using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace Durably.Analyzers.Tests.Infrastructure;

/// <summary>
/// What every analyzer and code fix test compiles against: the .NET 10 reference assemblies shipped in
/// Basic.Reference.Assemblies (no download at test time), the Durably runtime, C# preview with
/// nullable enabled, and the global usings every test source gets so the cases read like user code.
/// </summary>
internal static class DurablyTestState
{
    /// <summary>The name of the global usings document added to every test project.</summary>
    public const string GlobalUsingsPath = "/0/GlobalUsings.cs";

    /// <summary>No reference-assembly package to resolve: the references come from <see cref="Net100"/>.</summary>
    public static readonly ReferenceAssemblies References = new ReferenceAssemblies("net10.0")
        .AddAssemblies([]);

    /// <summary>Adds the references and the global usings to <paramref name="state"/>.</summary>
    public static void Configure(SolutionState state)
    {
        state.AdditionalReferences.AddRange(Net100.References.All);
        state.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(DurableStateAttribute).Assembly.Location));
        AddGlobalUsings(state);
    }

    /// <summary>The global usings document; a fixed state lists its documents again, this one included.</summary>
    public static void AddGlobalUsings(SolutionState state) => state.Sources.Add((GlobalUsingsPath, TestCompilation.GlobalUsings));

    /// <summary>Preview language, as the projects under test use the latest C#.</summary>
    public static ParseOptions ParseOptions(ParseOptions options) =>
        ((CSharpParseOptions)options).WithLanguageVersion(LanguageVersion.Preview);

    /// <summary>Nullable annotations on and unsafe code allowed, as in the repository's projects.</summary>
    public static CompilationOptions CompilationOptions(CompilationOptions options) =>
        ((CSharpCompilationOptions)options)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithAllowUnsafe(true);
}
