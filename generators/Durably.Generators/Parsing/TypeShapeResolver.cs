using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Durably.Generators.Model;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;

namespace Durably.Generators.Parsing;

/// <summary>
/// Decides, for every type that appears in an operation argument or a state field, how it is
/// written to MessagePack: a primitive, a codec built-in (checked element by element) or a user
/// data type that gets a generated formatter. Anything else is reported with the reason, so the
/// user sees a diagnostic at the parameter or field instead of a failure at run time.
/// </summary>
internal sealed class TypeShapeResolver
{
    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _stateType;
    private readonly CancellationToken _cancellationToken;

    // Data types analysed so far; a null entry is one being analysed (a recursive type refers to it).
    private readonly Dictionary<ITypeSymbol, DataTypeDraft?> _dataTypes = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeSymbol, string?> _failures = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeSymbol, bool> _copySafety = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ITypeSymbol> _examining = new(SymbolEqualityComparer.Default);

    // Every resolved type by its formatter cache key (the type without nullable reference annotations).
    private readonly Dictionary<string, ITypeSymbol> _resolvedByKey = new(StringComparer.Ordinal);

    public TypeShapeResolver(Compilation compilation, INamedTypeSymbol stateType, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _stateType = stateType;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Resolves how <paramref name="type"/> is serialized. Returns null and the reason when it
    /// cannot be.
    /// </summary>
    public TypeRef? Resolve(ITypeSymbol type, out string? failure)
    {
        failure = Check(type);
        if (failure is not null)
        {
            return null;
        }

        string key = type.ToDisplayString(SymbolFormats.QualifiedWithoutAnnotations);
        if (!_resolvedByKey.ContainsKey(key))
        {
            _resolvedByKey[key] = type;
        }

        return new TypeRef(
            type.ToDisplayString(SymbolFormats.Qualified),
            CodecCatalog.PrimitiveReader(type),
            type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.Annotated,
            key);
    }

    /// <summary>
    /// The formatter cache for <paramref name="used"/> and every data type: one field per distinct
    /// non-primitive type, composed from the runtime's built-in formatters and the generated data
    /// type formatters, each field declared after the fields it is built from (static fields
    /// initialize in order).
    /// </summary>
    public FormatterCacheBuilder BuildFormatterCache(IEnumerable<TypeRef> used, IReadOnlyList<DataTypeSpec> dataTypes)
    {
        var cache = new FormatterCacheBuilder(dataTypes, IsVisibleToAssembly);
        foreach (TypeRef type in used.Where(t => t.UsesFormatter).OrderBy(t => t.FormatterKey, StringComparer.Ordinal))
        {
            cache.Add(_resolvedByKey[type.FormatterKey]);
        }

        // A data type reached only as an element (List<T>) was checked, not resolved by itself.
        foreach (DataTypeDraft draft in _dataTypes.Values.Where(d => d is not null).Select(d => d!).OrderBy(d => d.TypeName, StringComparer.Ordinal))
        {
            cache.Add(draft.Symbol);
        }

        return cache;
    }

    /// <summary>
    /// True when the type can be named from anywhere in the assembly and, for a data type, the
    /// state class sees no constructor or member of it that the rest of the assembly does not:
    /// then its formatter is the same for every state class and can live in the shared cache.
    /// (A state class nested in the type, or derived from its base, may see private or protected
    /// members and build a formatter that uses them; that formatter stays in the state class.)
    /// </summary>
    public bool IsVisibleToAssembly(INamedTypeSymbol type)
    {
        IAssemblySymbol assembly = _compilation.Assembly;
        if (!_compilation.IsSymbolAccessibleWithin(type, assembly))
        {
            return false;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        IEnumerable<ISymbol?> used = type.InstanceConstructors
            .Concat(InstanceMembersBaseFirst(type).SelectMany(member => member switch
            {
                IPropertySymbol property => new ISymbol?[] { property.GetMethod, property.SetMethod },
                _ => new ISymbol?[] { member },
            }));
        foreach (ISymbol? symbol in used)
        {
            if (symbol is not null
                && _compilation.IsSymbolAccessibleWithin(symbol, _stateType)
                && !_compilation.IsSymbolAccessibleWithin(symbol, assembly))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when an argument of this type can be handed to the apply as the caller passed it:
    /// nobody can change it after the call and its encoding loses nothing, so the value the live
    /// apply sees is exactly the value replay will decode. Otherwise the apply gets a decoded copy.
    /// </summary>
    public bool IsSafeToShare(ITypeSymbol type)
    {
        if (_copySafety.TryGetValue(type, out bool known))
        {
            return known;
        }

        // A type that reaches itself can nest without bound, and the reader refuses values nested
        // deeper than its limit. Such an argument is decoded before it is logged, so a value too
        // deep to replay is refused up front instead of being logged and failing every reopen.
        if (!_examining.Add(type))
        {
            return false;
        }

        bool safe = ComputeSafeToShare(type);
        _examining.Remove(type);
        _copySafety[type] = safe;
        return safe;
    }

    /// <summary>
    /// The data types that need generated formatters, ordered by name, with their preferred formatter
    /// names (allocated later: in the state class for its own, across the assembly for shared ones).
    /// </summary>
    public IReadOnlyList<DataTypeSpec> BuildDataTypes()
    {
        var result = new List<DataTypeSpec>();
        foreach (DataTypeDraft draft in _dataTypes.Values.Where(d => d is not null).Select(d => d!).OrderBy(d => d.TypeName, StringComparer.Ordinal))
        {
            result.Add(new DataTypeSpec(
                draft.TypeName,
                draft.DisplayName,
                draft.SimpleName + "Formatter",
                FormatterCacheBuilder.QualifiedPrefix(draft.Symbol) + draft.SimpleName + "Formatter",
                draft.IsValueType,
                draft.CheckExactType,
                draft.Members.ToEquatableArray()));
        }

        return result;
    }

    private string? Check(ITypeSymbol type)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (_failures.TryGetValue(type, out string? cached))
        {
            return cached;
        }

        // Provisionally fine: a type that refers back to itself is checked through its other members.
        _failures[type] = null;
        string? failure = ComputeFailure(type);
        _failures[type] = failure;
        if (failure is not null)
        {
            _dataTypes.Remove(type);
        }

        return failure;
    }

    private string? ComputeFailure(ITypeSymbol type)
    {
        switch (type)
        {
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "pointers cannot be written to a log";
            case ITypeParameterSymbol:
                return "a generic type parameter has no fixed shape";
            case IDynamicTypeSymbol:
                return "'dynamic' has no fixed shape; use a concrete type";
            case IArrayTypeSymbol array:
                if (!array.IsSZArray)
                {
                    return "multi-dimensional arrays are not supported; use an array of arrays";
                }

                return ElementFailure(array.ElementType);
            case IErrorTypeSymbol:
                return "the type could not be resolved";
        }

        if (type is not INamedTypeSymbol named)
        {
            return "the type has no MessagePack shape";
        }

        if (named.IsRefLikeType)
        {
            return "a ref struct (such as a span) cannot outlive the call";
        }

        if (named.TypeKind == TypeKind.Delegate)
        {
            return "delegates are code, not data";
        }

        if (named.SpecialType == SpecialType.System_Object)
        {
            return "'object' has no fixed shape; use a concrete type";
        }

        if (named.TypeKind == TypeKind.Enum)
        {
            return null;
        }

        switch (CodecCatalog.Classify(named))
        {
            case BuiltInKind.None:
                break;
            case BuiltInKind.Leaf:
                return null;
            default:
                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    if (ElementFailure(argument) is { } elementFailure)
                    {
                        return elementFailure;
                    }
                }

                return null;
        }

        if (named.TypeKind == TypeKind.Interface)
        {
            return "an interface does not say which type to create when reading; use a concrete type such as List<T> or Dictionary<TKey, TValue>";
        }

        if (CodecCatalog.IsFrameworkType(named))
        {
            return "the MessagePack codec has no formatter for this framework type";
        }

        return DataTypeFailure(named);
    }

    private string? ElementFailure(ITypeSymbol element)
    {
        string? failure = Check(element);
        return failure is null ? null : "element type '" + element.ToDisplayString(SymbolFormats.Display) + "': " + failure;
    }

    private string? DataTypeFailure(INamedTypeSymbol type)
    {
        if (DurableSymbolFacts.IsDurableStateClass(type))
        {
            return "a [DurableState] class is a store, not a value";
        }

        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return "only records, classes and structs can be serialized";
        }

        if (type.IsAbstract || type.IsStatic)
        {
            return "an abstract or static type cannot be created when reading";
        }

        if (!_compilation.IsSymbolAccessibleWithin(type, _stateType))
        {
            return "the type is not accessible from the generated code";
        }

        IMethodSymbol? constructor = ChooseConstructor(type, out string? constructorFailure);
        if (constructorFailure is not null)
        {
            return constructorFailure;
        }

        var members = new List<DataMemberSpec>();
        var covered = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var pending = new List<(string Name, ITypeSymbol Type, DataMemberKind Kind, string? Default)>();

        if (constructor is not null)
        {
            foreach (IParameterSymbol parameter in constructor.Parameters)
            {
                IPropertySymbol property = FindProperty(type, parameter.Name)!;
                covered.Add(property.OriginalDefinition);
                string? defaultValue = parameter.HasExplicitDefaultValue
                    ? DefaultValueFormatter.Format(parameter.ExplicitDefaultValue, parameter.Type)
                    : null;
                pending.Add((property.Name, property.Type, DataMemberKind.ConstructorArgument, defaultValue));
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
                case IPropertySymbol property when IsWritableProperty(property):
                    covered.Add(property.OriginalDefinition);
                    DataMemberKind kind = property.IsRequired ? DataMemberKind.Required
                        : property.SetMethod!.IsInitOnly ? DataMemberKind.InitOnly
                        : DataMemberKind.Settable;
                    pending.Add((property.Name, property.Type, kind, null));
                    break;
                case IFieldSymbol field when !field.IsImplicitlyDeclared && !field.IsReadOnly && !field.IsConst
                                             && _compilation.IsSymbolAccessibleWithin(field, _stateType):
                    covered.Add(field.OriginalDefinition);
                    pending.Add((field.Name, field.Type, field.IsRequired ? DataMemberKind.Required : DataMemberKind.Settable, null));
                    break;
            }
        }

        // Every field must be reachable through a serialized member, or a value would lose part of
        // its state on the way through the log without anyone noticing.
        foreach (ISymbol member in InstanceMembersBaseFirst(type, includeEvents: true))
        {
            if (member is IEventSymbol fieldLikeEvent)
            {
                if (IsFieldLike(fieldLikeEvent))
                {
                    return "its event '" + fieldLikeEvent.Name + "' holds delegates, which are code, not data";
                }

                continue;
            }

            if (member is not IFieldSymbol field || field.IsConst)
            {
                continue;
            }

            if (field.AssociatedSymbol is IPropertySymbol backed)
            {
                if (!covered.Contains(backed.OriginalDefinition))
                {
                    return "its property '" + backed.Name + "' is neither a constructor parameter nor settable, so it would be lost";
                }
            }
            else if (field.AssociatedSymbol is IEventSymbol)
            {
                return "its event '" + field.AssociatedSymbol.Name + "' holds delegates, which are code, not data";
            }
            else if (!covered.Contains(field.OriginalDefinition))
            {
                return "its field '" + field.Name + "' is neither public and writable nor set through the constructor, so it would be lost";
            }
        }

        // Record the type before its members, so a member that refers back to it sees it as known.
        var draft = new DataTypeDraft(
            (INamedTypeSymbol)type.WithNullableAnnotation(NullableAnnotation.NotAnnotated),
            type.ToDisplayString(SymbolFormats.QualifiedWithoutAnnotations),
            type.ToDisplayString(SymbolFormats.Display),
            SimpleName(type),
            type.IsValueType,
            type.TypeKind == TypeKind.Class && !type.IsSealed,
            members);
        _dataTypes[type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)] = draft;

        foreach ((string name, ITypeSymbol memberType, DataMemberKind kind, string? defaultValue) in pending)
        {
            TypeRef? memberRef = Resolve(memberType, out string? memberFailure);
            if (memberRef is null)
            {
                return "member '" + name + "' of type '" + memberType.ToDisplayString(SymbolFormats.Display) + "': " + memberFailure;
            }

            members.Add(new DataMemberSpec(name, memberRef, kind, defaultValue));
        }

        return null;
    }

    private IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, out string? failure)
    {
        failure = null;
        IMethodSymbol? parameterless = type.InstanceConstructors
            .FirstOrDefault(c => c.Parameters.Length == 0 && _compilation.IsSymbolAccessibleWithin(c, _stateType));

        // Positional records are read through their constructor; other types through a
        // parameterless constructor when they have one.
        if (!type.IsRecord && (parameterless is not null || type.IsValueType))
        {
            return null;
        }

        IMethodSymbol? best = null;
        foreach (IMethodSymbol candidate in type.InstanceConstructors)
        {
            if (candidate.Parameters.Length == 0
                || !_compilation.IsSymbolAccessibleWithin(candidate, _stateType)
                || IsCopyConstructor(type, candidate)
                || candidate.Parameters.Any(p => p.RefKind != RefKind.None || FindProperty(type, p.Name) is not { } property
                                                 || !SymbolEqualityComparer.Default.Equals(property.Type, p.Type)))
            {
                continue;
            }

            if (best is null || candidate.Parameters.Length > best.Parameters.Length)
            {
                best = candidate;
            }
        }

        if (best is not null || parameterless is not null || type.IsValueType)
        {
            return best;
        }

        failure = "it has neither an accessible parameterless constructor nor a constructor whose parameters all match its properties";
        return null;
    }

    private static bool IsCopyConstructor(INamedTypeSymbol type, IMethodSymbol constructor) =>
        constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type);

    private IPropertySymbol? FindProperty(INamedTypeSymbol type, string parameterName)
    {
        foreach (ISymbol member in InstanceMembersBaseFirst(type))
        {
            if (member is IPropertySymbol { IsIndexer: false, GetMethod: not null } property
                && string.Equals(property.Name, parameterName, StringComparison.OrdinalIgnoreCase)
                && _compilation.IsSymbolAccessibleWithin(property.GetMethod, _stateType))
            {
                return property;
            }
        }

        return null;
    }

    private bool IsWritableProperty(IPropertySymbol property) =>
        !property.IsIndexer
        && property.GetMethod is not null
        && property.SetMethod is not null
        && _compilation.IsSymbolAccessibleWithin(property.GetMethod, _stateType)
        && _compilation.IsSymbolAccessibleWithin(property.SetMethod, _stateType);

    /// <summary>Instance members of the type and its base classes, base first, each in declaration order.</summary>
    private static IEnumerable<ISymbol> InstanceMembersBaseFirst(INamedTypeSymbol type, bool includeEvents = false)
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
                if (member.IsStatic || !(member is IFieldSymbol or IPropertySymbol || (includeEvents && member is IEventSymbol)))
                {
                    continue;
                }

                // An override re-declares a base property; the base declaration already stands for it.
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

    /// <summary>
    /// True for an event declared like a field (<c>public event EventHandler? Changed;</c>): it
    /// has a hidden backing field that holds the subscribed delegates.
    /// </summary>
    public static bool IsFieldLike(IEventSymbol @event) =>
        !@event.IsAbstract
        && @event.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax);

    private static string SimpleName(INamedTypeSymbol type)
    {
        string name = type.Name;
        foreach (ITypeSymbol argument in type.TypeArguments)
        {
            name += "_" + (argument is INamedTypeSymbol n ? SimpleName(n) : NameAllocator.ToIdentifier(argument.ToDisplayString(SymbolFormats.Display)));
        }

        return name;
    }

    private bool ComputeSafeToShare(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol:
                return false;
            case INamedTypeSymbol named:
                if (named.TypeKind == TypeKind.Enum)
                {
                    return true;
                }

                // DateTime's encoding keeps the instant but not the Kind, so a shared value could
                // differ from the replayed one; everything else in the leaf list round-trips exactly.
                if (CodecCatalog.MetadataName(named.OriginalDefinition) == "System.DateTime")
                {
                    return false;
                }

                switch (CodecCatalog.Classify(named))
                {
                    case BuiltInKind.Leaf:
                        return true;
                    case BuiltInKind.ValueComposite:
                    case BuiltInKind.ImmutableCollection:
                        return named.TypeArguments.All(IsSafeToShare);
                    case BuiltInKind.MutableCollection:
                        return false;
                }

                return IsDataTypeSafeToShare(named);
            default:
                return false;
        }
    }

    private bool IsDataTypeSafeToShare(INamedTypeSymbol type)
    {
        foreach (ISymbol member in InstanceMembersBaseFirst(type))
        {
            if (member is not IFieldSymbol field || field.IsConst)
            {
                continue;
            }

            // A struct is copied into the record, so its own fields may be writable; a class is
            // shared, so every field must be readonly.
            if (!type.IsValueType && !field.IsReadOnly)
            {
                return false;
            }

            if (!IsSafeToShare(field.Type))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class DataTypeDraft
    {
        public DataTypeDraft(INamedTypeSymbol symbol, string typeName, string displayName, string simpleName, bool isValueType, bool checkExactType, List<DataMemberSpec> members)
        {
            Symbol = symbol;
            TypeName = typeName;
            DisplayName = displayName;
            SimpleName = simpleName;
            IsValueType = isValueType;
            CheckExactType = checkExactType;
            Members = members;
        }

        public INamedTypeSymbol Symbol { get; }

        public string TypeName { get; }

        public string DisplayName { get; }

        public string SimpleName { get; }

        public bool IsValueType { get; }

        public bool CheckExactType { get; }

        public List<DataMemberSpec> Members { get; }
    }
}
