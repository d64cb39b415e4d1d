using System.Collections.Immutable;
using Durably.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durably.Analyzers.Tests.Infrastructure;

/// <summary>Runs the Durably analyzers over marked-up sources and compares what they report with the markers.</summary>
internal static class AnalyzerVerifier
{
    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } =
        [new LogBeforeMutateAnalyzer(), new DurableShapeAnalyzer(), new MutableStateEscapeAnalyzer()];

    /// <summary>Verifies one file.</summary>
    public static Task VerifyAsync(string markup) => VerifyFilesAsync(("Test0.cs", markup));

    /// <summary>Verifies several files of one compilation (e.g. parts of a partial class).</summary>
    public static Task VerifyAsync(params string[] markups) =>
        VerifyFilesAsync(markups.Select((markup, index) => ($"Test{index}.cs", markup)).ToArray());

    public static async Task VerifyFilesAsync(params (string Path, string Markup)[] files)
    {
        var parsed = files.Select(file => (file.Path, Markup: DiagnosticMarkup.Parse(file.Markup))).ToArray();
        ImmutableArray<Diagnostic> actual = await GetDiagnosticsAsync(parsed.Select(p => (p.Path, p.Markup.Text)), AnalyzerOptionsWith());

        var expected = parsed
            .SelectMany(p => p.Markup.Expected.Select(e => Describe(e.Id, p.Path, e.Span.Start, e.Span.End, p.Markup.Text)))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var reported = actual
            .Select(d => Describe(d.Id, d.Location.SourceTree!.FilePath, d.Location.SourceSpan.Start, d.Location.SourceSpan.End, d.Location.SourceTree.ToString()))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(
            expected.SequenceEqual(reported),
            "Expected:\n  " + string.Join("\n  ", expected) + "\nActual:\n  " + string.Join("\n  ", reported)
                + "\nMessages:\n  " + string.Join("\n  ", actual.Select(d => d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))));
    }

    /// <summary>The analyzers' diagnostics for sources that must compile.</summary>
    public static async Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(IEnumerable<(string Path, string Text)> sources, AnalyzerOptions options)
    {
        Compilation compilation = TestCompilation.Create(sources);
        TestCompilation.AssertCompiles(compilation);
        var withAnalyzers = compilation.WithAnalyzers(
            AllAnalyzers,
            new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        ImmutableArray<Diagnostic> diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();

        // An analyzer that throws shows up as AD0001: that is a failure, never a pass.
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }

    /// <summary>Analyzer options with .editorconfig-style key/value pairs for every file.</summary>
    public static AnalyzerOptions AnalyzerOptionsWith(params (string Key, string Value)[] options) =>
        new([], new EditorConfigOptionsProvider(options.ToImmutableDictionary(o => o.Key, o => o.Value)));

    private static string Describe(string id, string path, int start, int end, string text) =>
        $"{id} {path}[{start}..{end}) \"{text[start..end]}\"";
}
