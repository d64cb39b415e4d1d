using System.Collections.Immutable;
using Durably.SourceModel.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Durably.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs the schema lock analyzer the way a build does: the sources compiled, DurableSchema.lock as
/// an additional file, the DurablyUpdateSchema build property when asked for.
/// </summary>
internal static class SchemaLockHarness
{
    public const string LockPath = "/project/DurableSchema.lock";

    /// <summary>The lock the build writes for <paramref name="sources"/> (what version 1 committed).</summary>
    public static string LockFor(params string[] sources)
    {
        Compilation compilation = Compile(sources);
        SchemaLockCheck check = SchemaLockCheck.Run(compilation, SchemaExtractor.FindStates(compilation), lockText: null);
        return check.ProposedText;
    }

    /// <summary>The schema lock analyzer's diagnostics for <paramref name="sources"/> against <paramref name="lockText"/> (null: no lock).</summary>
    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(string? lockText, string[] sources, bool updating = false)
    {
        Compilation compilation = Compile(sources);
        ImmutableArray<AdditionalText> additional = lockText is null ? [] : [new InMemoryAdditionalText(LockPath, lockText)];
        var values = updating
            ? ImmutableDictionary<string, string>.Empty.Add("build_property.DurablyUpdateSchema", "true")
            : ImmutableDictionary<string, string>.Empty;
        var options = new AnalyzerOptions(additional, new EditorConfigOptionsProvider(values));
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers([new SchemaLockAnalyzer()], options)
            .GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }

    /// <summary>The IDs reported, sorted, for compact assertions.</summary>
    public static async Task<string[]> IdsAsync(string? lockText, params string[] sources) =>
        [.. (await DiagnosticsAsync(lockText, sources)).Select(d => d.Id).Order(StringComparer.Ordinal)];

    public static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    private static Compilation Compile(string[] sources)
    {
        Compilation compilation = TestCompilation.Create(sources.Select((text, index) => ($"Test{index}.cs", text)));
        TestCompilation.AssertCompiles(compilation);
        return compilation;
    }

    /// <summary>An additional file held in memory (the compiler's own is internal).</summary>
    internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
