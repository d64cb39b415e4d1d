using Durably.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Durably.Analyzers.Tests;

/// <summary>Every rule has a unique ID in the analyzers' range, a doc page with a wrong and a right example, a help link and a release entry.</summary>
public sealed class DiagnosticCatalogueTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = AnalyzerVerifier.AllAnalyzers
        .SelectMany(analyzer => analyzer.SupportedDiagnostics)
        .ToArray();

    [Fact]
    public void Ids_are_unique_and_in_the_analyzers_range()
    {
        Assert.Equal(Descriptors.Length, Descriptors.Select(d => d.Id).Distinct().Count());
        Assert.All(Descriptors, d => Assert.Matches("^DS00[0-9][0-9]$", d.Id));
        Assert.Equal(16, Descriptors.Length);
    }

    [Fact]
    public void Every_rule_has_a_doc_page_with_a_wrong_and_a_right_example_and_links_to_it()
    {
        string root = RepositoryRoot();
        Assert.All(Descriptors, descriptor =>
        {
            Assert.Equal($"https://github.com/durably/durably/blob/main/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            string page = File.ReadAllText(Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md"));
            Assert.StartsWith("# " + descriptor.Id + ": " + descriptor.Title, page, StringComparison.Ordinal);
            Assert.Contains("## Wrong", page, StringComparison.Ordinal);
            Assert.Contains("## Right", page, StringComparison.Ordinal);
            Assert.Contains("Severity: " + descriptor.DefaultSeverity, page, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Every_rule_is_listed_in_the_unshipped_release_with_its_category_and_severity()
    {
        string releases = File.ReadAllText(Path.Combine(RepositoryRoot(), "analyzers", "Durably.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.All(Descriptors, descriptor =>
            Assert.Contains($"{descriptor.Id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", releases, StringComparison.Ordinal));
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
