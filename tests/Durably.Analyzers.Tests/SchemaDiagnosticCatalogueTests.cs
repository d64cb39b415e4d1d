using Microsoft.CodeAnalysis;

namespace Durably.Analyzers.Tests;

/// <summary>The schema lock rules: IDs in DS0200..DS0229, a doc page each with a wrong and a right example, a help link, a release entry, and a row in the catalogue.</summary>
public sealed class SchemaDiagnosticCatalogueTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = [.. new SchemaLockAnalyzer().SupportedDiagnostics];

    [Fact]
    public void Ids_are_unique_and_in_the_schema_range()
    {
        Assert.Equal(Descriptors.Length, Descriptors.Select(d => d.Id).Distinct().Count());
        Assert.All(Descriptors, d => Assert.Matches("^DS02[0-2][0-9]$", d.Id));
        Assert.Equal(14, Descriptors.Length);
        Assert.All(Descriptors, d => Assert.Contains(WellKnownDiagnosticTags.CompilationEnd, d.CustomTags));
    }

    [Fact]
    public void Every_rule_has_a_doc_page_a_catalogue_row_and_a_release_entry()
    {
        string root = RepositoryRoot();
        string catalogue = File.ReadAllText(Path.Combine(root, "docs", "diagnostics", "README.md"));
        string releases = File.ReadAllText(Path.Combine(root, "analyzers", "Durably.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.All(Descriptors, descriptor =>
        {
            Assert.Equal($"https://github.com/durably/durably/blob/main/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            string page = File.ReadAllText(Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md"));
            Assert.StartsWith("# " + descriptor.Id + ": " + descriptor.Title, page, StringComparison.Ordinal);
            Assert.Contains("## Wrong", page, StringComparison.Ordinal);
            Assert.Contains("## Right", page, StringComparison.Ordinal);
            Assert.Contains("Severity: " + descriptor.DefaultSeverity, page, StringComparison.Ordinal);
            Assert.Contains($"| [{descriptor.Id}]({descriptor.Id}.md) | {descriptor.DefaultSeverity} |", catalogue, StringComparison.Ordinal);
            Assert.Contains($"{descriptor.Id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", releases, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Only_the_out_of_date_and_missing_lock_rules_are_warnings()
    {
        Assert.Equal(["DS0200", "DS0201"], Descriptors.Where(d => d.DefaultSeverity == DiagnosticSeverity.Warning).Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.All(Descriptors.Where(d => d.Id is not ("DS0200" or "DS0201")), d => Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity));
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Framework.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Framework.sln not found above " + AppContext.BaseDirectory);
    }
}
