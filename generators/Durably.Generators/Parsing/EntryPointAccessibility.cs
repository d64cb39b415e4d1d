using Microsoft.CodeAnalysis;

namespace Durably.Generators.Parsing;

/// <summary>
/// The accessibility of a generated entry point: public, unless a parameter or result type is
/// less accessible (an internal record, a private type nested in the state class), in which case
/// the entry point is as accessible as its least accessible type, so the generated code compiles.
/// </summary>
internal static class EntryPointAccessibility
{
    public static Accessibility Of(IMethodSymbol operation)
    {
        Accessibility result = Accessibility.Public;
        foreach (IParameterSymbol parameter in operation.Parameters)
        {
            result = Narrower(result, OfType(parameter.Type));
        }

        if (!operation.ReturnsVoid)
        {
            result = Narrower(result, OfType(operation.ReturnType));
        }

        return result;
    }

    /// <summary>The accessibility of a generated member that returns <paramref name="type"/> and takes nothing.</summary>
    public static Accessibility OfResult(ITypeSymbol type) => OfType(type);

    public static string Keyword(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    private static Accessibility OfType(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return OfType(array.ElementType);
            case INamedTypeSymbol named:
                Accessibility result = Accessibility.Public;
                for (INamedTypeSymbol? current = named; current is not null; current = current.ContainingType)
                {
                    result = Narrower(result, current.DeclaredAccessibility);
                }

                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    result = Narrower(result, OfType(argument));
                }

                return result;
            default:
                return Accessibility.Public;
        }
    }

    /// <summary>The accessibility that allows only what both allow.</summary>
    private static Accessibility Narrower(Accessibility a, Accessibility b)
    {
        if (a == b)
        {
            return a;
        }

        if (a is Accessibility.Private or Accessibility.NotApplicable || b is Accessibility.Private or Accessibility.NotApplicable)
        {
            return Accessibility.Private;
        }

        if (a == Accessibility.Public)
        {
            return b;
        }

        if (b == Accessibility.Public)
        {
            return a;
        }

        if (a == Accessibility.ProtectedOrInternal)
        {
            return b;
        }

        if (b == Accessibility.ProtectedOrInternal)
        {
            return a;
        }

        // Internal with protected, or either with private protected: only private protected allows both.
        return Accessibility.ProtectedAndInternal;
    }
}
