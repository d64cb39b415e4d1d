namespace Durably.Generators.Model;

/// <summary>
/// The parser's output for one <c>[DurableState]</c> class: the model to emit (null when the class
/// cannot be generated at all) and the diagnostics to report.
/// </summary>
internal sealed record ParseResult(DurableStateSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
