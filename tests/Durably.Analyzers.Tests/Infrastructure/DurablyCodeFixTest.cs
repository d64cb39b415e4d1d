using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Durably.Analyzers.Tests.Infrastructure;

/// <summary>
/// Microsoft.CodeAnalysis.Testing's code fix test over every Durably analyzer, for one provider
/// instance. The sources before and after carry the diagnostics they must produce as markup.
/// </summary>
internal sealed class DurablyCodeFixTest : CSharpCodeFixTest<LogBeforeMutateAnalyzer, EmptyCodeFixProvider, DefaultVerifier>
{
    private readonly CodeFixProvider _provider;

    public DurablyCodeFixTest(CodeFixProvider provider)
    {
        _provider = provider;
        ReferenceAssemblies = DurablyTestState.References;
        DurablyTestState.Configure(TestState);
        DurablyTestState.AddGlobalUsings(FixedState);

        // The sources after the fix mark what must still be reported, as the sources before do.
        FixedState.MarkupHandling = MarkupMode.Allow;
        BatchFixedState.MarkupHandling = MarkupMode.Allow;
    }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => AnalyzerVerifier.AllAnalyzers;

    protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => [_provider];

    protected override ParseOptions CreateParseOptions() => DurablyTestState.ParseOptions(base.CreateParseOptions());

    protected override CompilationOptions CreateCompilationOptions() => DurablyTestState.CompilationOptions(base.CreateCompilationOptions());
}
