using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Durably.Analyzers.Tests.Infrastructure;

/// <summary>
/// Applies code fixes the way an IDE does: an <see cref="AdhocWorkspace"/> project, the analyzers'
/// real diagnostics, a <see cref="CodeFixContext"/>, and the <see cref="ApplyChangesOperation"/>s of
/// the chosen action; Fix All through the provider's <see cref="FixAllProvider"/>.
/// </summary>
internal static class CodeFixVerifier
{
    /// <summary>Fixes the first diagnostic the provider can fix and compares every document with <paramref name="after"/>.</summary>
    public static async Task VerifyFixAsync(CodeFixProvider provider, string equivalenceKey, string[] before, string[] after)
    {
        using var workspace = new AdhocWorkspace();
        Project project = CreateProject(workspace, before);
        ImmutableArray<Diagnostic> diagnostics = await FixableDiagnosticsAsync(project, provider);
        Assert.NotEmpty(diagnostics);
        Diagnostic diagnostic = diagnostics[0];
        Document document = project.GetDocument(diagnostic.Location.SourceTree)!;

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        CodeAction chosen = Assert.Single(actions, action => action.EquivalenceKey == equivalenceKey);

        Solution fixedSolution = await ApplyAsync(chosen, project.Solution);
        await AssertDocumentsAsync(fixedSolution.GetProject(project.Id)!, after);
    }

    /// <summary>Runs Fix All in <paramref name="scope"/> from the first fixable diagnostic and compares every document.</summary>
    public static async Task VerifyFixAllAsync(CodeFixProvider provider, string equivalenceKey, FixAllScope scope, string[] before, string[] after)
    {
        using var workspace = new AdhocWorkspace();
        Project project = CreateProject(workspace, before);
        ImmutableArray<Diagnostic> diagnostics = await FixableDiagnosticsAsync(project, provider);
        Assert.True(diagnostics.Length > 1, "Fix All needs more than one diagnostic to prove anything.");
        Document document = project.GetDocument(diagnostics[0].Location.SourceTree)!;

        FixAllProvider fixAll = provider.GetFixAllProvider() ?? throw new InvalidOperationException("No Fix All provider.");
        Assert.Contains(scope, fixAll.GetSupportedFixAllScopes());
        var context = new FixAllContext(
            document,
            provider,
            scope,
            equivalenceKey,
            provider.FixableDiagnosticIds,
            new AnalyzerDiagnosticProvider(),
            CancellationToken.None);
        CodeAction? action = await fixAll.GetFixAsync(context);
        Assert.NotNull(action);

        Solution fixedSolution = await ApplyAsync(action, project.Solution);
        await AssertDocumentsAsync(fixedSolution.GetProject(project.Id)!, after);
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

    private static async Task<ImmutableArray<Diagnostic>> FixableDiagnosticsAsync(Project project, CodeFixProvider provider) =>
        [.. (await AnalyzerDiagnosticsAsync(project)).Where(d => provider.FixableDiagnosticIds.Contains(d.Id))];

    private static async Task<Solution> ApplyAsync(CodeAction action, Solution solution)
    {
        ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(CancellationToken.None);
        Solution result = solution;
        foreach (ApplyChangesOperation apply in operations.OfType<ApplyChangesOperation>())
        {
            result = apply.ChangedSolution;
        }

        Assert.NotSame(solution, result);
        return result;
    }

    private static async Task AssertDocumentsAsync(Project project, string[] expected)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Document document = project.Documents.Single(d => d.Name == $"Test{i}.cs");
            string actual = (await document.GetTextAsync()).ToString();
            Assert.Equal(Normalize(expected[i]), Normalize(actual));
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>Computes the analyzers' diagnostics for whatever document or project Fix All asks about.</summary>
    private sealed class AnalyzerDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            SyntaxTree? tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return (await AnalyzerDiagnosticsAsync(document.Project)).Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            await AnalyzerDiagnosticsAsync(project);
    }
}
