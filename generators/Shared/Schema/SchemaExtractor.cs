using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Durably.SourceModel.Schema;

/// <summary>
/// Reads the durable schema out of the code: for each <c>[DurableState]</c> class its operations
/// (stable names, parameters and their wire shapes) and state fields, and every enum and user
/// type reachable from them. The result does not depend on file or member order.
/// </summary>
internal sealed class SchemaExtractor
{
    private readonly Compilation _compilation;
    private readonly SchemaDocument _document = new();
    private readonly WireShapeDescriber _describer;
    private readonly Queue<(INamedTypeSymbol Type, INamedTypeSymbol Within)> _pendingTypes = new();
    private INamedTypeSymbol? _within;

    public SchemaExtractor(Compilation compilation)
    {
        _compilation = compilation;
        _describer = new WireShapeDescriber(ReachEnum, ReachDataType);
    }

    /// <summary>The display name a state class has in the lock.</summary>
    public static string StateName(INamedTypeSymbol type) => type.ToDisplayString(WireShapeDescriber.NameFormat);

    /// <summary>Extracts the schema of <paramref name="states"/> (in any order).</summary>
    public static SchemaDocument Extract(Compilation compilation, IEnumerable<INamedTypeSymbol> states)
    {
        var extractor = new SchemaExtractor(compilation);
        foreach (INamedTypeSymbol state in states.OrderBy(StateName, System.StringComparer.Ordinal))
        {
            extractor.AddState(state);
        }

        return extractor._document;
    }

    /// <summary>Every <c>[DurableState]</c> class declared in the compilation's own sources.</summary>
    public static IReadOnlyList<INamedTypeSymbol> FindStates(Compilation compilation)
    {
        var result = new List<INamedTypeSymbol>();
        Collect(compilation.Assembly.GlobalNamespace, result);
        return result;
    }

    private static void Collect(INamespaceOrTypeSymbol container, List<INamedTypeSymbol> result)
    {
        foreach (ISymbol member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                Collect(ns, result);
            }
            else if (member is INamedTypeSymbol type)
            {
                if (DurableSymbolFacts.IsDurableStateClass(type))
                {
                    result.Add(type);
                }

                Collect(type, result);
            }
        }
    }

    private void AddState(INamedTypeSymbol type)
    {
        _within = type;
        var state = new StateSchema(StateName(type), type);
        foreach (ISymbol member in type.GetMembers())
        {
            if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method || !DurableSymbolFacts.IsOperation(method))
            {
                continue;
            }

            string name = DurableSymbolFacts.GetOperationRecordName(method);
            if (state.Operations.ContainsKey(name))
            {
                continue; // DS0105 reports the duplicate.
            }

            var operation = new OperationSchema(name, method);
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                string? defaultValue = parameter.HasExplicitDefaultValue ? SchemaDefaultValue.Format(parameter.ExplicitDefaultValue, parameter.Type) : null;
                operation.Parameters.Add(new ParameterSchema(parameter.Name, _describer.Describe(parameter.Type), parameter.HasExplicitDefaultValue, defaultValue, parameter));
            }

            state.Operations.Add(name, operation);
        }

        AddFields(type, state);
        _document.States[state.Name] = state;
        DrainTypes();
    }

    private void AddFields(INamedTypeSymbol type, StateSchema state)
    {
        var chain = new List<INamedTypeSymbol>();
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            chain.Insert(0, current);
        }

        foreach (INamedTypeSymbol declaring in chain)
        {
            foreach (ISymbol member in declaring.GetMembers())
            {
                if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field || field.AssociatedSymbol is IEventSymbol || field.IsFixedSizeBuffer)
                {
                    continue;
                }

                ISymbol reported = field.AssociatedSymbol ?? field;
                string key = reported.Name;
                if (state.Fields.ContainsKey(key))
                {
                    key = declaring.Name + "." + reported.Name;
                }

                state.Fields[key] = new FieldSchema(key, _describer.Describe(field.Type), reported);
            }
        }
    }

    private void ReachEnum(INamedTypeSymbol type)
    {
        string name = type.ToDisplayString(WireShapeDescriber.NameFormat);
        if (_document.Enums.ContainsKey(name))
        {
            return;
        }

        var schema = new EnumSchema(name, _describer.Describe(type.EnumUnderlyingType!), type);
        foreach (ISymbol member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsConst: true, ConstantValue: { } value } field)
            {
                schema.Members[field.Name] = new EnumMemberSchema(field.Name, System.Convert.ToDecimal(value, CultureInfo.InvariantCulture), field);
            }
        }

        _document.Enums.Add(name, schema);
    }

    private void ReachDataType(INamedTypeSymbol type)
    {
        string name = type.ToDisplayString(WireShapeDescriber.NameFormat);
        if (_document.Types.ContainsKey(name))
        {
            return;
        }

        // Registered before its members are described, so a recursive type refers to itself.
        _document.Types.Add(name, new DataTypeSchema(name, type));
        _pendingTypes.Enqueue((type, _within!));
    }

    private void DrainTypes()
    {
        while (_pendingTypes.Count > 0)
        {
            (INamedTypeSymbol type, INamedTypeSymbol within) = _pendingTypes.Dequeue();
            DataTypeSchema schema = _document.Types[type.ToDisplayString(WireShapeDescriber.NameFormat)];
            foreach ((string name, ITypeSymbol memberType, ISymbol symbol, string? defaultValue) in DataTypeLayout.Members(type, _compilation, within))
            {
                bool required = symbol is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true };
                schema.Members.Add(new DataMemberSchema(name, _describer.Describe(memberType), defaultValue, symbol, required));
            }
        }
    }
}
