using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Durably.Analyzers.Tests.Infrastructure;

/// <summary>Checks the text of the one diagnostic a source produces (for message tests).</summary>
internal static class AnalyzerVerifierMessages
{
    public static async Task AssertSingleMessageAsync(string source, string id, params string[] fragments)
    {
        ImmutableArray<Diagnostic> diagnostics = await AnalyzerVerifier.GetDiagnosticsAsync([("Test0.cs", source)], AnalyzerVerifier.AnalyzerOptionsWith());
        Diagnostic diagnostic = Assert.Single(diagnostics);
        AssertMessage(diagnostic, id, fragments);
    }

    /// <summary>Checks the text of the one diagnostic with <paramref name="id"/> among those a source produces.</summary>
    public static async Task AssertMessagesAsync(string source, string id, params string[] fragments)
    {
        ImmutableArray<Diagnostic> diagnostics = await AnalyzerVerifier.GetDiagnosticsAsync([("Test0.cs", source)], AnalyzerVerifier.AnalyzerOptionsWith());
        AssertMessage(Assert.Single(diagnostics, d => d.Id == id), id, fragments);
    }

    private static void AssertMessage(Diagnostic diagnostic, string id, string[] fragments)
    {
        Assert.Equal(id, diagnostic.Id);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, message, StringComparison.Ordinal);
        }
    }
}
