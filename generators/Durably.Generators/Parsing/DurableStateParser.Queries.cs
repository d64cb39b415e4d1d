using System.Collections.Generic;
using System.Linq;
using Durably.Generators.Model;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Durably.Generators.Parsing;

/// <summary>The <c>[Query]</c> members of the class: their shape, name and result.</summary>
internal sealed partial class DurableStateParser
{
    private EquatableArray<QuerySpec> ParseQueries(EquatableArray<OperationSpec> operations)
    {
        var taken = new HashSet<string>(operations.Select(o => o.EntryPointName), System.StringComparer.Ordinal);
        var queries = new List<QuerySpec>();
        foreach (ISymbol member in _type.GetMembers())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (DurableSymbolFacts.IsQuery(member) && ParseQuery(member, taken) is { } query)
            {
                queries.Add(query);
            }
        }

        return queries.ToEquatableArray();
    }

    private QuerySpec? ParseQuery(ISymbol member, HashSet<string> taken)
    {
        if (QueryShapeFailure(member) is { } failure)
        {
            Report(DurablyDiagnostics.QueryShape, member, member.Name, failure);
            return null;
        }

        if (DurableSymbolFacts.GetQueryPublicName(member.Name) is not { } publicName)
        {
            Report(DurablyDiagnostics.QueryName, member, member.Name);
            return null;
        }

        string generatedFor = "query '" + member.Name + "'";
        if (FixedGeneratedMembers.Contains(publicName) || ReservedNames.Contains(publicName) || !taken.Add(publicName))
        {
            Report(DurablyDiagnostics.GeneratedMemberConflict, member, _type.ToDisplayString(SymbolFormats.Display), publicName, "another generated member and " + generatedFor);
            return null;
        }

        if (ReportConflicts(publicName, generatedFor))
        {
            return null;
        }

        ITypeSymbol resultType = member is IMethodSymbol method ? method.ReturnType : ((IPropertySymbol)member).Type;
        if (ImmutableTypeFacts.WhyNotProvablyImmutable(resultType) is { } mutable)
        {
            Report(DurablyDiagnostics.QueryResultMutable, member, member.Name, resultType.ToDisplayString(SymbolFormats.Display), mutable);
            return null;
        }

        var parameters = new List<QueryParameterSpec>();
        Accessibility accessibility = Accessibility.Public;
        if (member is IMethodSymbol queryMethod)
        {
            accessibility = EntryPointAccessibility.Of(queryMethod);
            foreach (IParameterSymbol parameter in queryMethod.Parameters)
            {
                string? defaultValue = parameter.HasExplicitDefaultValue
                    ? DefaultValueFormatter.Format(parameter.ExplicitDefaultValue, parameter.Type)
                    : null;
                parameters.Add(new QueryParameterSpec(EscapeIdentifier(parameter.Name), parameter.Type.ToDisplayString(SymbolFormats.Qualified), defaultValue, parameter.IsParams));
            }
        }
        else
        {
            accessibility = EntryPointAccessibility.OfResult(resultType);
        }

        return new QuerySpec(
            member.Name,
            publicName,
            member is IPropertySymbol,
            EntryPointAccessibility.Keyword(accessibility),
            resultType.ToDisplayString(SymbolFormats.Qualified),
            parameters.ToEquatableArray(),
            DocumentationCref.Of(member));
    }

    /// <summary>Why <paramref name="member"/> cannot be wrapped as a query, or null when it can.</summary>
    private static string? QueryShapeFailure(ISymbol member)
    {
        if (member.IsStatic)
        {
            return "it is static; a query reads one durable instance under that instance's lock";
        }

        if (member.DeclaredAccessibility != Accessibility.Private)
        {
            return "it is " + SyntaxFacts.GetText(member.DeclaredAccessibility) + "; only the generated member takes the read lock, so the query itself must be private";
        }

        switch (member)
        {
            case IPropertySymbol property:
                if (property.IsIndexer)
                {
                    return "it is an indexer; write a method named XxxCore instead";
                }

                if (property.SetMethod is not null)
                {
                    return "it has a setter; a query only reads, and state changes only in operations";
                }

                return ResultFailure(property.Type, property.ReturnsByRef || property.ReturnsByRefReadonly);
            case IMethodSymbol method:
                if (method.MethodKind != MethodKind.Ordinary)
                {
                    return "it is not an ordinary method";
                }

                if (method.IsGenericMethod)
                {
                    return "it is generic; write one query per concrete type";
                }

                if (method.IsAsync || IsAwaitableType(method.ReturnType))
                {
                    return "it is asynchronous; a query runs synchronously under the read lock, which is released when it returns";
                }

                if (DurableSymbolFacts.IsIterator(method))
                {
                    return "it is an iterator (yield); its body would run while the result is enumerated, after the read lock is released: return an immutable copy instead";
                }

                if (method.ReturnsVoid)
                {
                    return "it returns nothing; a query returns what it read";
                }

                foreach (IParameterSymbol parameter in method.Parameters)
                {
                    if (parameter.RefKind != RefKind.None)
                    {
                        return "parameter '" + parameter.Name + "' is passed by reference; pass query parameters by value";
                    }
                }

                return ResultFailure(method.ReturnType, method.ReturnsByRef || method.ReturnsByRefReadonly);
            default:
                return "only methods and properties can be queries";
        }
    }

    private static string? ResultFailure(ITypeSymbol type, bool byReference)
    {
        if (byReference)
        {
            return "it returns by reference, which would point into durable state after the read lock is released";
        }

        return type.IsRefLikeType
            ? "it returns a ref struct (such as a span), which could point into durable state after the read lock is released"
            : null;
    }
}
