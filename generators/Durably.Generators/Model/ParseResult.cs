namespace Durably.Generators.Model;

/// <summary>
/// The parser's output for one <c>[DurableState]</c> class: the model to emit (null when the class
/// cannot be generated at all), the diagnostics to report, and its contribution to the assembly's
/// shared formatter cache.
/// </summary>
internal sealed record ParseResult(DurableStateSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, SharedFormatterSet Shared)
{
    /// <summary>The result without its shared formatters: what the state class's own file is emitted from.</summary>
    public ParseResult WithoutShared() => this with { Shared = SharedFormatterSet.Empty };
}
