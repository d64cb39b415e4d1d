using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durably.Analyzers.Tests.Infrastructure;

/// <summary>Runs the Durably analyzers over marked-up sources (<c>{|DS0001:text|}</c>) and compares what they report with the markers.</summary>
internal static class AnalyzerVerifier
{
    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } =
        [new LogBeforeMutateAnalyzer(), new DurableShapeAnalyzer(), new MutableStateEscapeAnalyzer(), new UnsynchronizedReadAnalyzer()];

    /// <summary>Verifies one file.</summary>
    public static Task VerifyAsync(string markup) => VerifyFilesAsync(("Test0.cs", markup));

    /// <summary>Verifies several files of one compilation (e.g. parts of a partial class).</summary>
    public static Task VerifyAsync(params string[] markups) =>
        VerifyFilesAsync(markups.Select((markup, index) => ($"Test{index}.cs", markup)).ToArray());

    /// <summary>
    /// Verifies files of one compilation through Microsoft.CodeAnalysis.Testing: exactly the marked
    /// diagnostics are reported (ID and span), the sources compile, and no analyzer throws.
    /// </summary>
    public static Task VerifyFilesAsync(params (string Path, string Markup)[] files)
    {
        var test = new DurablyAnalyzerTest();
        foreach ((string path, string markup) in files)
        {
            test.TestState.Sources.Add(("/0/" + path, markup));
        }

        return test.RunAsync();
    }

    /// <summary>Verifies one file with an .editorconfig at the project root (analyzer options as a build passes them).</summary>
    public static Task VerifyWithEditorConfigAsync(string editorConfig, string markup)
    {
        var test = new DurablyAnalyzerTest();
        test.TestState.Sources.Add(("/0/Test0.cs", markup));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
        return test.RunAsync();
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
}
