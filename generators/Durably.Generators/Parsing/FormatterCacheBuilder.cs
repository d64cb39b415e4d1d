using System.Collections.Generic;
using System.Linq;
using Durably.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Durably.Generators.Parsing;

/// <summary>
/// Composes the closed formatter of every type generated code writes, the way a person would by
/// hand: <c>BuiltInFormatters.Dictionary(Formatters.String, Formatters.Decimal)</c>. Each distinct
/// type gets one field, named after the type, added after the fields of its type arguments. The
/// generator knows every type statically, so nothing is looked up or constructed by reflection at
/// run time (which native AOT could not do for value-type instantiations it never saw).
/// </summary>
internal sealed class FormatterCacheBuilder
{
    /// <summary>The runtime class whose members are the built-in formatters.</summary>
    public const string BuiltIns = "global::Durably.Runtime.BuiltInFormatters";

    /// <summary>The generated class that holds the cache, as its fields are referred to.</summary>
    public const string CacheClass = "Formatters";

    private readonly Dictionary<string, string> _dataTypeFormatters;
    private readonly Dictionary<string, string> _fieldByKey = new(System.StringComparer.Ordinal);
    private readonly NameAllocator _names = new([CacheClass]);
    private readonly List<FormatterFieldSpec> _fields = [];

    public FormatterCacheBuilder(IReadOnlyList<DataTypeSpec> dataTypes)
    {
        _dataTypeFormatters = dataTypes.ToDictionary(d => d.TypeName, d => d.FormatterName, System.StringComparer.Ordinal);
    }

    /// <summary>The fields, each after the fields its creation refers to.</summary>
    public IReadOnlyList<FormatterFieldSpec> Fields => _fields;

    /// <summary>Returns the field holding the formatter of <paramref name="type"/>, adding it (and what it is built from) when new.</summary>
    public string FieldFor(ITypeSymbol type)
    {
        string key = type.ToDisplayString(SymbolFormats.QualifiedWithoutAnnotations);
        if (_fieldByKey.TryGetValue(key, out string? existing))
        {
            return existing;
        }

        string creation = Creation(type, key);
        string field = _names.Allocate(ReadableName(type));
        _fieldByKey[key] = field;
        _fields.Add(new FormatterFieldSpec(key, field, creation));
        return field;
    }

    private string Creation(ITypeSymbol type, string key)
    {
        if (_dataTypeFormatters.TryGetValue(key, out string? generated))
        {
            // Generated formatters refer to the cache only inside their methods, so they have no
            // construction-time dependencies and recursive types need no special order.
            return "new " + generated + "()";
        }

        switch (type)
        {
            case IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }:
                return BuiltIns + "." + CodecCatalog.FormatterMember("System.Byte[]");
            case IArrayTypeSymbol array:
                return BuiltIns + ".Array(" + Reference(array.ElementType) + ")";
            case INamedTypeSymbol { TypeKind: TypeKind.Enum }:
                return BuiltIns + ".Enum<" + key + ">()";
            case INamedTypeSymbol named:
                string member = CodecCatalog.FormatterMember(CodecCatalog.MetadataName(named.OriginalDefinition));
                if (named.TypeArguments.IsEmpty || member is "MemoryOfByte" or "ReadOnlyMemoryOfByte")
                {
                    return BuiltIns + "." + member;
                }

                return BuiltIns + "." + member + "(" + string.Join(", ", named.TypeArguments.Select(Reference)) + ")";
            default:
                throw new System.InvalidOperationException("No formatter for " + key + "; the resolver should have reported it.");
        }
    }

    private string Reference(ITypeSymbol type) => CacheClass + "." + FieldFor(type);

    /// <summary>A field name that says which type it formats: <c>Dictionary_String_Decimal</c>, <c>Array_Int32</c>.</summary>
    private static string ReadableName(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }:
                return "ByteArray";
            case IArrayTypeSymbol array:
                return "Array_" + ReadableName(array.ElementType);
            case INamedTypeSymbol named:
                string name = named.SpecialType != SpecialType.None || CodecCatalog.IsFrameworkType(named)
                    ? CodecCatalog.FormatterMember(CodecCatalog.MetadataName(named.OriginalDefinition))
                    : named.Name;
                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    name += "_" + ReadableName(argument);
                }

                return name;
            default:
                return NameAllocator.ToIdentifier(type.Name);
        }
    }
}
