using Durably.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Durably.Analyzers.Tests;

/// <summary>The additional-mutators option read from a real .editorconfig document, the way a build or IDE reads it.</summary>
public sealed class EditorConfigOptionTests
{
    [Fact]
    public async Task A_method_named_in_editorconfig_is_a_mutator_only_in_the_files_the_section_covers()
    {
        using var workspace = new AdhocWorkspace();
        Project project = CodeFixVerifier.CreateProject(workspace, [
            """
            namespace Bank;
            public sealed class Account { public void Withdraw(decimal amount) { } }

            [DurableState]
            public partial class Ledger
            {
                private readonly Account _main = new();

                [Operation]
                private void Pay(decimal amount) => _main.Withdraw(amount);

                public void Tamper() => _main.Withdraw(1);
            }
            """,
            """
            namespace Bank;
            public partial class Ledger
            {
                public void AlsoTamper() => _main.Withdraw(2);
            }
            """,
        ]);

        // Documents of an AdhocWorkspace have no folder; give them one so an .editorconfig can cover them.
        string root = Path.Combine(Path.GetTempPath(), "durably-editorconfig-test");
        Solution solution = project.Solution;
        foreach (Document document in project.Documents)
        {
            solution = solution.WithDocumentFilePath(document.Id, Path.Combine(root, document.Name));
        }

        solution = solution.AddAnalyzerConfigDocument(
            DocumentId.CreateNewId(project.Id),
            ".editorconfig",
            SourceText.From("root = true\n\n[Test0.cs]\ndurably.additional_mutating_methods = M:Bank.Account.Withdraw\n"),
            filePath: Path.Combine(root, ".editorconfig"));
        Assert.True(workspace.TryApplyChanges(solution));
        project = workspace.CurrentSolution.GetProject(project.Id)!;

        var diagnostics = await CodeFixVerifier.AnalyzerDiagnosticsAsync(project);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("DS0002", diagnostic.Id);
        Assert.EndsWith("Test0.cs", diagnostic.Location.SourceTree!.FilePath, StringComparison.Ordinal);
        Assert.Equal("_main.Withdraw(1)", diagnostic.Location.SourceTree.GetText().ToString(diagnostic.Location.SourceSpan));
    }
}
