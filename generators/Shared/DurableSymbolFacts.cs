// Shared by the generator and the analyzers (linked into both): what a durable class, an
// operation and a durable member are. Additions go here, never into a private copy.
using Microsoft.CodeAnalysis;

namespace Durably.SourceModel;

/// <summary>Symbol-level facts about durable classes and their operations.</summary>
internal static class DurableSymbolFacts
{
    /// <summary>True when <paramref name="type"/> carries <c>[DurableState]</c>.</summary>
    public static bool IsDurableStateClass(INamedTypeSymbol? type) =>
        type is not null && HasAttribute(type, DurableSymbolNames.DurableStateAttribute);

    /// <summary>True when <paramref name="method"/> carries <c>[Operation]</c>.</summary>
    public static bool IsOperation(IMethodSymbol? method) =>
        method is not null && HasAttribute(method.OriginalDefinition, DurableSymbolNames.OperationAttribute);

    /// <summary>True when <paramref name="member"/> (a method or property) carries <c>[Query]</c>.</summary>
    public static bool IsQuery(ISymbol? member) =>
        member is IMethodSymbol or IPropertySymbol
        && HasAttribute(member.OriginalDefinition, DurableSymbolNames.QueryAttribute);

    /// <summary>
    /// The name of the public member generated for a query named <c>XxxCore</c> (<c>Xxx</c>), or null
    /// when the name does not follow that rule.
    /// </summary>
    public static string? GetQueryPublicName(string queryName)
    {
        string suffix = DurableSymbolNames.QuerySuffix;
        return queryName.Length > suffix.Length && queryName.EndsWith(suffix, System.StringComparison.Ordinal)
            ? queryName.Substring(0, queryName.Length - suffix.Length)
            : null;
    }

    /// <summary>
    /// True when <paramref name="method"/> is an iterator: its own body (not a lambda's or local
    /// function's inside it) has a <c>yield</c> statement, so the body runs only when the result is enumerated.
    /// </summary>
    public static bool IsIterator(IMethodSymbol method)
    {
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            foreach (SyntaxNode node in reference.GetSyntax().DescendantNodes(static n =>
                n is not (Microsoft.CodeAnalysis.CSharp.Syntax.AnonymousFunctionExpressionSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax)))
            {
                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.YieldStatementSyntax)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The name written into the operation's records: the attribute's stable name when given,
    /// the method's name otherwise.
    /// </summary>
    public static string GetOperationRecordName(IMethodSymbol operation)
    {
        foreach (AttributeData attribute in operation.GetAttributes())
        {
            if (IsNamed(attribute.AttributeClass, DurableSymbolNames.OperationAttribute)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name
                && name.Trim().Length > 0)
            {
                return name;
            }
        }

        return operation.Name;
    }

    /// <summary>
    /// True for a field or property (instance or static) declared in a <c>[DurableState]</c>
    /// class, on any part of the partial class.
    /// </summary>
    public static bool IsDurableMember(ISymbol? symbol) =>
        symbol is IFieldSymbol or IPropertySymbol
        && !symbol.IsImplicitlyDeclared
        && IsDurableStateClass(symbol.ContainingType);

    /// <summary>The name of the generated public entry point of an operation.</summary>
    public static string GetEntryPointName(IMethodSymbol operation) =>
        operation.Name + DurableSymbolNames.EntryPointSuffix;

    /// <summary>
    /// <see cref="IsDurableMember(ISymbol?)"/> with the class test supplied by the caller, so that an
    /// analyzer can answer it from a per-compilation cache; the member shape rule stays here.
    /// </summary>
    public static bool IsDurableMember(ISymbol? symbol, System.Func<INamedTypeSymbol, bool> isDurableStateClass) =>
        symbol is IFieldSymbol or IPropertySymbol
        && !symbol.IsImplicitlyDeclared
        && symbol.ContainingType is { } containingType
        && isDurableStateClass(containingType);

    /// <summary>
    /// When <paramref name="candidate"/> is the generated entry point of an operation of its own
    /// class (named <c>XxxAsync</c>, taking the operation's parameters and then a trailing
    /// <see cref="System.Threading.CancellationToken"/>), returns that operation.
    /// </summary>
    public static IMethodSymbol? FindOperationOfEntryPoint(IMethodSymbol candidate)
    {
        string suffix = DurableSymbolNames.EntryPointSuffix;
        if (candidate.ContainingType is null
            || candidate.Name.Length <= suffix.Length
            || !candidate.Name.EndsWith(suffix, System.StringComparison.Ordinal)
            || IsOperation(candidate))
        {
            return null;
        }

        string operationName = candidate.Name.Substring(0, candidate.Name.Length - suffix.Length);
        foreach (ISymbol member in candidate.ContainingType.GetMembers(operationName))
        {
            if (member is IMethodSymbol operation && IsOperation(operation) && HasEntryPointParameters(candidate, operation))
            {
                return operation;
            }
        }

        return null;
    }

    private static bool HasEntryPointParameters(IMethodSymbol entryPoint, IMethodSymbol operation)
    {
        int count = operation.Parameters.Length;
        if (entryPoint.Parameters.Length != count + 1
            || entryPoint.Parameters[count].Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) != "global::System.Threading.CancellationToken")
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(entryPoint.Parameters[i].Type, operation.Parameters[i].Type))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasAttribute(ISymbol symbol, string metadataName)
    {
        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (IsNamed(attribute.AttributeClass, metadataName))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNamed(INamedTypeSymbol? type, string metadataName) =>
        type is not null && type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == "global::" + metadataName;
}
