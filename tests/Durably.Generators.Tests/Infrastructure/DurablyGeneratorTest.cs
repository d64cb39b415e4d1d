using Basic.Reference.Assemblies;
using Durably.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Durably.Generators.Tests.Infrastructure;

/// <summary>
/// Microsoft.CodeAnalysis.Testing's source generator test for the Durably generator: .NET 10
/// reference assemblies from Basic.Reference.Assemblies (no download at test time) plus the Durably
/// runtime, C# preview, nullable on. Expected generator diagnostics are marked in the sources
/// (<c>{|DS0100:text|}</c>); the generated text itself is checked by the golden-file tests.
/// </summary>
internal sealed class DurablyGeneratorTest : CSharpSourceGeneratorTest<DurableStateGenerator, DefaultVerifier>
{
    public DurablyGeneratorTest()
    {
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(Net100.References.All);
        TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(DurableStore).Assembly.Location));
        TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck;
    }

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Preview);

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions())
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithAllowUnsafe(true);
}
