using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace Durably.Analyzers.Tests.Infrastructure;

/// <summary>
/// Code fix tests through Microsoft.CodeAnalysis.Testing: the sources before and after carry their
/// diagnostics as markup (<c>{|DS0003:text|}</c>), the fix is chosen by equivalence key, and Fix All
/// runs through the provider's <see cref="FixAllProvider"/> in the scope asked for. The workspace
/// helpers below serve the tests that need a real <see cref="AdhocWorkspace"/> (an .editorconfig
/// document with a folder, a diagnostic's message).
/// </summary>
internal static class CodeFixVerifier
{
    /// <summary>Applies the fix to the first fixable diagnostic only, and compares every document with <paramref name="after"/>.</summary>
    public static Task VerifyFixAsync(CodeFixProvider provider, string equivalenceKey, string[] before, string[] after)
    {
        DurablyCodeFixTest test = Create(provider, equivalenceKey, before, after);
        test.CodeFixTestBehaviors = CodeFixTestBehaviors.FixOne | CodeFixTestBehaviors.SkipFixAllCheck;
        return test.RunAsync();
    }

    /// <summary>Runs Fix All in <paramref name="scope"/> (and no other) and compares every document with <paramref name="after"/>.</summary>
    public static Task VerifyFixAllAsync(CodeFixProvider provider, string equivalenceKey, FixAllScope scope, string[] before, string[] after)
    {
        DurablyCodeFixTest test = Create(provider, equivalenceKey, before, after);
        DurablyTestState.AddGlobalUsings(test.BatchFixedState);
        for (int i = 0; i < after.Length; i++)
        {
            test.BatchFixedState.Sources.Add(($"/0/Test{i}.cs", after[i]));
        }

        test.CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck | scope switch
        {
            FixAllScope.Document => CodeFixTestBehaviors.SkipFixAllInProjectCheck | CodeFixTestBehaviors.SkipFixAllInSolutionCheck,
            FixAllScope.Project => CodeFixTestBehaviors.SkipFixAllInDocumentCheck | CodeFixTestBehaviors.SkipFixAllInSolutionCheck,
            FixAllScope.Solution => CodeFixTestBehaviors.SkipFixAllInDocumentCheck | CodeFixTestBehaviors.SkipFixAllInProjectCheck,
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Unsupported Fix All scope."),
        };
        return test.RunAsync();
    }

    private static DurablyCodeFixTest Create(CodeFixProvider provider, string equivalenceKey, string[] before, string[] after)
    {
        var test = new DurablyCodeFixTest(provider) { CodeActionEquivalenceKey = equivalenceKey };
        for (int i = 0; i < before.Length; i++)
        {
            test.TestState.Sources.Add(($"/0/Test{i}.cs", before[i]));
        }

        for (int i = 0; i < after.Length; i++)
        {
            test.FixedState.Sources.Add(($"/0/Test{i}.cs", after[i]));
        }

        return test;
    }

    public static Project CreateProject(AdhocWorkspace workspace, string[] sources)
    {
        ProjectId id = ProjectId.CreateNewId();
        Solution solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                id,
                VersionStamp.Default,
                "FixTest",
                "FixTest",
                LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: TestCompilation.ParseOptions,
                metadataReferences: TestCompilation.References))
            .AddDocument(DocumentId.CreateNewId(id), "GlobalUsings.cs", SourceText.From(TestCompilation.GlobalUsings));
        for (int i = 0; i < sources.Length; i++)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(id), $"Test{i}.cs", SourceText.From(sources[i]));
        }

        Assert.True(workspace.TryApplyChanges(solution));
        return workspace.CurrentSolution.GetProject(id)!;
    }

    public static async Task<ImmutableArray<Diagnostic>> AnalyzerDiagnosticsAsync(Project project)
    {
        Compilation compilation = (await project.GetCompilationAsync())!;
        TestCompilation.AssertCompiles(compilation);
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(AnalyzerVerifier.AllAnalyzers, project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync();
        return [.. diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start)];
    }
}
