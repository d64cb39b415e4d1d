using Microsoft.CodeAnalysis;

namespace Durably.Analyzers;

/// <summary>Short, readable names of symbols for diagnostic messages.</summary>
internal static class DurableSymbolDisplay
{
    /// <summary>"Ledger.Debit()", "Ledger constructor", "Ledger.Total setter", "Ledger._balance".</summary>
    public static string Describe(ISymbol symbol)
    {
        string type = symbol.ContainingType?.Name ?? string.Empty;
        return symbol switch
        {
            IMethodSymbol { Name: "<Main>$" } => "the top-level statements",
            IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } => type + " constructor",
            IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: { } property } => type + "." + property.Name + " getter",
            IMethodSymbol { MethodKind: MethodKind.PropertySet, AssociatedSymbol: { } property } => type + "." + property.Name + " setter",
            IMethodSymbol method => type + "." + method.Name + "()",
            _ => type.Length == 0 ? symbol.Name : type + "." + symbol.Name,
        };
    }

    /// <summary>The source text of an expression, shortened for a message.</summary>
    public static string Excerpt(SyntaxNode syntax)
    {
        string text = syntax.ToString();
        text = text.Replace("\r", " ").Replace("\n", " ");
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}
