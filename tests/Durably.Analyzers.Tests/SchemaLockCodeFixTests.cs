using System.Collections.Immutable;
using Durably.Analyzers.CodeFixes;
using Durably.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Durably.Analyzers.Tests;

/// <summary>
/// The lock code fix as an IDE applies it: a workspace project with DurableSchema.lock as an
/// additional document, the analyzer's real diagnostics, the fix's operations applied; the lock
/// text compared before and after, for one fix and for Fix All.
/// </summary>
public sealed class SchemaLockCodeFixTests
{
    private const string Version1 = """
        namespace Bank;
        public enum Color { Red, Green }
        [DurableState]
        public partial class Ledger
        {
            private Color _color;
            [Operation] private void Paint(Color color) { _color = color; }
        }
        """;

    // Two compatible changes reported at two places: a new operation and a new enum member.
    private const string Version2 = """
        namespace Bank;
        public enum Color { Red, Green, Blue }
        [DurableState]
        public partial class Ledger
        {
            private Color _color;
            [Operation] private void Paint(Color color) { _color = color; }
            [Operation] private void Reset(int times = 1) { _color = Color.Red; }
        }
        """;

    private const string LockBefore = """
        # DurableSchema.lock: what this project has made durable. Log records and snapshots were written
        # with these shapes; the build compares the code with this file. Review changes like code.
        # Compatible changes are recorded with: dotnet build -p:DurablyUpdateSchema=true (see docs/versioning.md)
        durably-schema 1

        state Bank.Ledger
          operation Paint
            0 color: enum Bank.Color
          field _color: enum Bank.Color

        enum Bank.Color: int32
          Red = 0
          Green = 1

        """;

    private const string LockAfter = """
        # DurableSchema.lock: what this project has made durable. Log records and snapshots were written
        # with these shapes; the build compares the code with this file. Review changes like code.
        # Compatible changes are recorded with: dotnet build -p:DurablyUpdateSchema=true (see docs/versioning.md)
        durably-schema 1

        state Bank.Ledger
          operation Paint
            0 color: enum Bank.Color
          operation Reset
            0 times: int32 = 1
          field _color: enum Bank.Color

        enum Bank.Color: int32
          Red = 0
          Green = 1
          Blue = 2

        """;

    [Fact]
    public void The_expected_lock_before_is_what_the_build_writes_for_version_1()
    {
        Assert.Equal(Normalize(LockBefore), SchemaLockHarness.LockFor(Version1));
    }

    [Fact]
    public async Task The_fix_rewrites_the_lock_to_record_the_compatible_changes()
    {
        using var workspace = new AdhocWorkspace();
        Project project = CreateProject(workspace, Version2, LockBefore);
        ImmutableArray<Diagnostic> diagnostics = await DiagnosticsAsync(project);
        Assert.Equal(2, diagnostics.Count(d => d.Id == "DS0200"));

        Solution fixedSolution = await ApplyFirstFixAsync(project, diagnostics.First(d => d.Id == "DS0200"));
        Project fixedProject = fixedSolution.GetProject(project.Id)!;
        Assert.Equal(Normalize(LockAfter), await LockTextAsync(fixedProject));
        Assert.Empty(await DiagnosticsAsync(fixedProject));
    }

    [Fact]
    public async Task Fix_All_rewrites_the_lock_once_for_every_diagnostic()
    {
        using var workspace = new AdhocWorkspace();
        Project project = CreateProject(workspace, Version2, LockBefore);
        ImmutableArray<Diagnostic> diagnostics = await DiagnosticsAsync(project);
        var provider = new UpdateSchemaLockCodeFix();
        FixAllProvider fixAll = provider.GetFixAllProvider();
        foreach (FixAllScope scope in new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution })
        {
            Assert.Contains(scope, fixAll.GetSupportedFixAllScopes());
            Document document = project.GetDocument(diagnostics[0].Location.SourceTree)!;
            var context = new FixAllContext(document, provider, scope, UpdateSchemaLockCodeFix.EquivalenceKey, provider.FixableDiagnosticIds, new Diagnostics(diagnostics), CancellationToken.None);
            CodeAction action = (await fixAll.GetFixAsync(context))!;
            Solution fixedSolution = await ApplyAsync(action, project.Solution);
            Assert.Equal(Normalize(LockAfter), await LockTextAsync(fixedSolution.GetProject(project.Id)!));
        }
    }

    [Fact]
    public async Task The_fix_creates_the_lock_for_a_project_without_one()
    {
        using var workspace = new AdhocWorkspace();
        Project project = CreateProject(workspace, Version1, lockText: null);
        Diagnostic missing = Assert.Single(await DiagnosticsAsync(project));
        Assert.Equal("DS0201", missing.Id);

        Solution fixedSolution = await ApplyFirstFixAsync(project, missing);
        Project fixedProject = fixedSolution.GetProject(project.Id)!;
        Assert.Equal(Normalize(LockBefore), await LockTextAsync(fixedProject));
        Assert.Equal("/project/DurableSchema.lock", fixedProject.AdditionalDocuments.Single().FilePath);
        Assert.Empty(await DiagnosticsAsync(fixedProject));
    }

    [Fact]
    public async Task No_fix_is_offered_while_an_incompatible_change_is_in_the_code()
    {
        string incompatible = Version2.Replace("Red, Green, Blue", "Green, Red, Blue", StringComparison.Ordinal);
        using var workspace = new AdhocWorkspace();
        Project project = CreateProject(workspace, incompatible, LockBefore);
        ImmutableArray<Diagnostic> diagnostics = await DiagnosticsAsync(project);
        Assert.Contains(diagnostics, d => d.Id == "DS0207");
        Assert.DoesNotContain(diagnostics, d => d.Id == "DS0200");

        // Even asked directly (as a stale IDE might), the fix does not record it.
        var actions = new List<CodeAction>();
        Document document = project.Documents.Single(d => d.Name == "Ledger.cs");
        Diagnostic stale = Diagnostic.Create(Durably.SourceModel.DurablyDiagnostics.SchemaLockOutOfDate, Location.None, "stale");
        await new UpdateSchemaLockCodeFix().RegisterCodeFixesAsync(new CodeFixContext(document, stale, (action, _) => actions.Add(action), CancellationToken.None));
        Assert.Empty(actions);
    }

    private static Project CreateProject(AdhocWorkspace workspace, string source, string? lockText)
    {
        ProjectId id = ProjectId.CreateNewId();
        Solution solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                id,
                VersionStamp.Default,
                "LockFix",
                "LockFix",
                LanguageNames.CSharp,
                filePath: "/project/LockFix.csproj",
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: TestCompilation.ParseOptions,
                metadataReferences: TestCompilation.References))
            .AddDocument(DocumentId.CreateNewId(id), "GlobalUsings.cs", SourceText.From(TestCompilation.GlobalUsings))
            .AddDocument(DocumentId.CreateNewId(id), "Ledger.cs", SourceText.From(source), filePath: "/project/Ledger.cs");
        if (lockText is not null)
        {
            solution = solution.AddAdditionalDocument(DocumentId.CreateNewId(id), "DurableSchema.lock", SourceText.From(lockText), filePath: "/project/DurableSchema.lock");
        }

        Assert.True(workspace.TryApplyChanges(solution));
        return workspace.CurrentSolution.GetProject(id)!;
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project project)
    {
        Compilation compilation = (await project.GetCompilationAsync())!;
        TestCompilation.AssertCompiles(compilation);
        return await compilation.WithAnalyzers([new SchemaLockAnalyzer()], project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
    }

    private static async Task<Solution> ApplyFirstFixAsync(Project project, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        Document document = project.GetDocument(diagnostic.Location.SourceTree)!;
        await new UpdateSchemaLockCodeFix().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        CodeAction action = Assert.Single(actions);
        Assert.Equal(UpdateSchemaLockCodeFix.EquivalenceKey, action.EquivalenceKey);
        return await ApplyAsync(action, project.Solution);
    }

    private static async Task<Solution> ApplyAsync(CodeAction action, Solution solution)
    {
        Solution result = solution;
        foreach (ApplyChangesOperation apply in (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>())
        {
            result = apply.ChangedSolution;
        }

        Assert.NotSame(solution, result);
        return result;
    }

    private static async Task<string> LockTextAsync(Project project) =>
        (await project.AdditionalDocuments.Single(d => d.Name == "DurableSchema.lock").GetTextAsync()).ToString();

    private static string Normalize(string text) => text.ReplaceLineEndings("\n");

    private sealed class Diagnostics(ImmutableArray<Diagnostic> all) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(all.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(all);
    }
}
