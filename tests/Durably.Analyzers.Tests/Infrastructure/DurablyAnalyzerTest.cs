using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Durably.Analyzers.Tests.Infrastructure;

/// <summary>
/// Microsoft.CodeAnalysis.Testing's analyzer test with every Durably analyzer at once (a user gets
/// them together), so a case proves both what is reported and that nothing else is. Expected
/// diagnostics are marked in the sources: <c>{|DS0001:text|}</c>.
/// </summary>
internal sealed class DurablyAnalyzerTest : CSharpAnalyzerTest<LogBeforeMutateAnalyzer, DefaultVerifier>
{
    public DurablyAnalyzerTest()
    {
        ReferenceAssemblies = DurablyTestState.References;
        DurablyTestState.Configure(TestState);
    }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => AnalyzerVerifier.AllAnalyzers;

    protected override ParseOptions CreateParseOptions() => DurablyTestState.ParseOptions(base.CreateParseOptions());

    protected override CompilationOptions CreateCompilationOptions() => DurablyTestState.CompilationOptions(base.CreateCompilationOptions());
}
