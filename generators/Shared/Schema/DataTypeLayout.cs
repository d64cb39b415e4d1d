using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Durably.SourceModel.Schema;

/// <summary>
/// The wire order of a user type's members, by the generator's rule: the arguments of the
/// constructor it reads through (positional records, or types without an accessible
/// parameterless constructor), in constructor order, then the settable and init-only properties
/// and public writable fields, base class first, each in declaration order. A member read through
/// the constructor carries its parameter's default value (what a value written without it reads as).
/// </summary>
internal static class DataTypeLayout
{
    public static IReadOnlyList<(string Name, ITypeSymbol Type, ISymbol Symbol, string? Default)> Members(INamedTypeSymbol type, Compilation compilation, INamedTypeSymbol within)
    {
        var result = new List<(string, ITypeSymbol, ISymbol, string?)>();
        var covered = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        IMethodSymbol? constructor = ChooseConstructor(type, compilation, within);
        if (constructor is not null)
        {
            foreach (IParameterSymbol parameter in constructor.Parameters)
            {
                IPropertySymbol property = FindProperty(type, parameter.Name, compilation, within)!;
                covered.Add(property.OriginalDefinition);
                string? defaultValue = parameter.HasExplicitDefaultValue ? SchemaDefaultValue.Format(parameter.ExplicitDefaultValue, parameter.Type) : null;
                result.Add((property.Name, property.Type, property, defaultValue));
            }
        }

        foreach (ISymbol member in InstanceMembersBaseFirst(type))
        {
            if (covered.Contains(member.OriginalDefinition))
            {
                continue;
            }

            switch (member)
            {
                case IPropertySymbol property when IsWritableProperty(property, compilation, within):
                    covered.Add(property.OriginalDefinition);
                    result.Add((property.Name, property.Type, property, null));
                    break;
                case IFieldSymbol field when !field.IsImplicitlyDeclared && !field.IsReadOnly && !field.IsConst
                                             && compilation.IsSymbolAccessibleWithin(field, within):
                    covered.Add(field.OriginalDefinition);
                    result.Add((field.Name, field.Type, field, null));
                    break;
            }
        }

        return result;
    }

    private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, Compilation compilation, INamedTypeSymbol within)
    {
        IMethodSymbol? parameterless = type.InstanceConstructors
            .FirstOrDefault(c => c.Parameters.Length == 0 && compilation.IsSymbolAccessibleWithin(c, within));
        if (!type.IsRecord && (parameterless is not null || type.IsValueType))
        {
            return null;
        }

        IMethodSymbol? best = null;
        foreach (IMethodSymbol candidate in type.InstanceConstructors)
        {
            if (candidate.Parameters.Length == 0
                || !compilation.IsSymbolAccessibleWithin(candidate, within)
                || (candidate.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(candidate.Parameters[0].Type, type))
                || candidate.Parameters.Any(p => p.RefKind != RefKind.None || FindProperty(type, p.Name, compilation, within) is not { } property
                                                 || !SymbolEqualityComparer.Default.Equals(property.Type, p.Type)))
            {
                continue;
            }

            if (best is null || candidate.Parameters.Length > best.Parameters.Length)
            {
                best = candidate;
            }
        }

        return best;
    }

    private static IPropertySymbol? FindProperty(INamedTypeSymbol type, string parameterName, Compilation compilation, INamedTypeSymbol within)
    {
        foreach (ISymbol member in InstanceMembersBaseFirst(type))
        {
            if (member is IPropertySymbol { IsIndexer: false, GetMethod: not null } property
                && string.Equals(property.Name, parameterName, StringComparison.OrdinalIgnoreCase)
                && compilation.IsSymbolAccessibleWithin(property.GetMethod, within))
            {
                return property;
            }
        }

        return null;
    }

    private static bool IsWritableProperty(IPropertySymbol property, Compilation compilation, INamedTypeSymbol within) =>
        !property.IsIndexer
        && property.GetMethod is not null
        && property.SetMethod is not null
        && compilation.IsSymbolAccessibleWithin(property.GetMethod, within)
        && compilation.IsSymbolAccessibleWithin(property.SetMethod, within);

    private static IEnumerable<ISymbol> InstanceMembersBaseFirst(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (INamedTypeSymbol? current = type;
             current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType);
             current = current.BaseType)
        {
            chain.Add(current);
        }

        chain.Reverse();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (INamedTypeSymbol declaring in chain)
        {
            foreach (ISymbol member in declaring.GetMembers())
            {
                if (member.IsStatic || member is not (IFieldSymbol or IPropertySymbol))
                {
                    continue;
                }

                if (member is IPropertySymbol { IsOverride: true } && !seen.Add("property:" + member.Name))
                {
                    continue;
                }

                if (member is IPropertySymbol)
                {
                    seen.Add("property:" + member.Name);
                }

                yield return member;
            }
        }
    }
}
