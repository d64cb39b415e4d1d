using Microsoft.CodeAnalysis;

namespace Durably.SourceModel.Schema;

/// <summary>
/// One difference between the lock and the code: an incompatible change (a rule and its message
/// arguments) or a compatible one (a short description for the "out of date" warning).
/// </summary>
/// <param name="rule">The rule an incompatible change breaks, or null for a compatible change.</param>
/// <param name="at">The symbol to report at (null: the state class or the first one).</param>
/// <param name="arguments">The rule's message arguments.</param>
/// <param name="description">For a compatible change: what changed.</param>
internal sealed class SchemaFinding(DiagnosticDescriptor? rule, ISymbol? at, string[] arguments, string description)
{
    public DiagnosticDescriptor? Rule { get; } = rule;

    public ISymbol? At { get; } = at;

    public string[] Arguments { get; } = arguments;

    public string Description { get; } = description;

    public bool IsCompatible => Rule is null;

    public static SchemaFinding Incompatible(DiagnosticDescriptor rule, ISymbol? at, params string[] arguments) =>
        new(rule, at, arguments, string.Empty);

    public static SchemaFinding Compatible(ISymbol? at, string description) =>
        new(null, at, [], description);
}
