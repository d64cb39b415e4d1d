using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Durably.Generators.Model;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durably.Generators.Parsing;

/// <summary>
/// Turns one <c>[DurableState]</c> class into a <see cref="DurableStateSpec"/> and the diagnostics
/// for whatever cannot be generated. This is the only place that looks at symbols; nothing it
/// returns refers to a symbol, a syntax node or the compilation.
/// </summary>
internal sealed partial class DurableStateParser
{
    /// <summary>Members the generator adds to every state class, besides one entry point per operation.</summary>
    public static readonly ImmutableArray<string> FixedGeneratedMembers =
        ["OpenAsync", "DisposeAsync", "DurableStatus", "Read"];

    /// <summary>The private nested class that holds every generated type.</summary>
    public const string GeneratedContainerName = "__DurablyGenerated";

    /// <summary>The private field that holds the open store.</summary>
    public const string StoreFieldName = "__durablyStore";

    /// <summary>The private method that returns the open store or says the state was never opened.</summary>
    public const string StoreAccessorName = "__DurablyStore";

    /// <summary>Fixed names inside the generated container.</summary>
    public static readonly ImmutableArray<string> ContainerNames = ["Formatters", "Codec"];

    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _type;
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = [];
    private readonly TypeShapeResolver _resolver;

    private DurableStateParser(Compilation compilation, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _type = type;
        _cancellationToken = cancellationToken;
        _resolver = new TypeShapeResolver(compilation, type, cancellationToken);
    }

    /// <summary>The names of generated members that user code must not declare.</summary>
    public static IEnumerable<string> ReservedNames => [GeneratedContainerName, StoreFieldName, StoreAccessorName];

    /// <summary>Parses the class the attribute sits on.</summary>
    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
        {
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty, SharedFormatterSet.Empty);
        }

        return new DurableStateParser(context.SemanticModel.Compilation, type, cancellationToken).Parse();
    }

    private ParseResult Parse()
    {
        // A class that is not partial is the analyzers' to report; nothing can be generated for it.
        if (!IsPartial(_type))
        {
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty, SharedFormatterSet.Empty);
        }

        string display = _type.ToDisplayString(SymbolFormats.Display);
        if (_type.IsGenericType)
        {
            Report(DurablyDiagnostics.GenericDurableState, _type, display);
            return Finish(null);
        }

        if (_type.IsRecord)
        {
            Report(DurablyDiagnostics.DurableRecord, _type, display);
            return Finish(null);
        }

        if (ContainingTypes() is not { } containingTypes)
        {
            return Finish(null);
        }

        if (!CheckConstructible(display))
        {
            return Finish(null);
        }

        bool conflicts = false;
        foreach (string name in FixedGeneratedMembers.Concat(ReservedNames))
        {
            conflicts |= ReportConflicts(name, "every [DurableState] class");
        }

        if (conflicts)
        {
            return Finish(null);
        }

        var names = new NameAllocator(ContainerNames);
        EquatableArray<OperationSpec> operations = ParseOperations(names);
        EquatableArray<StateFieldSpec> fields = ParseFields(names);
        IReadOnlyList<DataTypeSpec> dataTypeList = _resolver.BuildDataTypes();
        (IReadOnlyList<FormatterFieldSpec> ownFormatters, IReadOnlyList<FormatterFieldSpec> sharedFormatters) = _resolver
            .BuildFormatterCache(UsedTypes(operations, fields, dataTypeList), dataTypeList)
            .Split(out ISet<string> ownKeys);

        // Formatters of types only this class can name stay in it, with names unique in its container;
        // the rest go to the assembly's shared cache, which names them once for every class.
        var ownDataTypes = new List<DataTypeSpec>();
        var sharedDataTypes = new List<DataTypeSpec>();
        foreach (DataTypeSpec dataType in dataTypeList)
        {
            if (ownKeys.Contains(dataType.TypeName))
            {
                ownDataTypes.Add(dataType with { FormatterName = names.Allocate(dataType.FormatterName) });
            }
            else
            {
                sharedDataTypes.Add(dataType);
            }
        }

        EquatableArray<QuerySpec> queries = ParseQueries(operations);

        INamespaceSymbol ns = _type.ContainingNamespace;
        string? namespaceName = ns.IsGlobalNamespace ? null : ns.ToDisplayString();
        string hintName = _type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)) + ".Durably.g.cs";

        var spec = new DurableStateSpec(
            hintName,
            namespaceName,
            containingTypes,
            "class",
            _type.Name,
            _type.ToDisplayString(SymbolFormats.QualifiedWithoutAnnotations),
            display,
            operations,
            fields,
            ownDataTypes.ToEquatableArray(),
            ownFormatters.ToEquatableArray(),
            sharedFormatters.Select(f => f.Key).OrderBy(k => k, System.StringComparer.Ordinal).ToEquatableArray(),
            queries);
        return Finish(spec, new SharedFormatterSet(sharedDataTypes.ToEquatableArray(), sharedFormatters.ToEquatableArray()));
    }

    /// <summary>Every type the generated code writes or reads: arguments, state fields and data type members.</summary>
    private static IEnumerable<TypeRef> UsedTypes(EquatableArray<OperationSpec> operations, EquatableArray<StateFieldSpec> fields, IReadOnlyList<DataTypeSpec> dataTypes)
    {
        foreach (OperationSpec operation in operations)
        {
            foreach (ParameterSpec parameter in operation.Parameters)
            {
                yield return parameter.Type;
            }
        }

        foreach (StateFieldSpec field in fields)
        {
            yield return field.Type;
        }

        foreach (DataTypeSpec dataType in dataTypes)
        {
            foreach (DataMemberSpec member in dataType.Members)
            {
                yield return member.Type;
            }
        }
    }

    private ParseResult Finish(DurableStateSpec? spec, SharedFormatterSet? shared = null) =>
        new(spec, _diagnostics.ToEquatableArray(), shared ?? SharedFormatterSet.Empty);

    private EquatableArray<ContainingTypeSpec>? ContainingTypes()
    {
        var result = new List<ContainingTypeSpec>();
        for (INamedTypeSymbol? outer = _type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            string outerName = outer.ToDisplayString(SymbolFormats.Display);
            if (outer.IsGenericType)
            {
                Report(DurablyDiagnostics.UnreachableDurableState, _type, _type.Name, "its enclosing type '" + outerName + "' is generic");
                return null;
            }

            if (!IsPartial(outer))
            {
                Report(DurablyDiagnostics.UnreachableDurableState, _type, _type.Name, "its enclosing type '" + outerName + "' is not partial");
                return null;
            }

            result.Insert(0, new ContainingTypeSpec(DeclarationKeyword(outer), outer.Name));
        }

        return result.ToEquatableArray();
    }

    private bool CheckConstructible(string display)
    {
        string? reason = null;
        if (_type.IsStatic)
        {
            reason = "it is static";
        }
        else if (_type.IsAbstract)
        {
            reason = "it is abstract";
        }
        else if (!_type.InstanceConstructors.Any(c => c.Parameters.Length == 0))
        {
            reason = "it has no parameterless constructor (a private one is enough)";
        }

        if (reason is null)
        {
            return true;
        }

        Report(DurablyDiagnostics.StateNotConstructible, _type, display, reason);
        return false;
    }

    private EquatableArray<OperationSpec> ParseOperations(NameAllocator names)
    {
        var operations = new List<OperationSpec>();
        var byRecordName = new Dictionary<string, IMethodSymbol>(System.StringComparer.Ordinal);
        foreach (ISymbol member in _type.GetMembers())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (member is not IMethodSymbol method || !DurableSymbolFacts.IsOperation(method) || !IsGeneratableShape(method))
            {
                continue;
            }

            if (ParseOperation(method, names, byRecordName) is { } operation)
            {
                operations.Add(operation);
            }
        }

        return operations.ToEquatableArray();
    }

    /// <summary>
    /// Shapes the analyzers report (static, not private, async, iterator or task-returning) are skipped
    /// without a second diagnostic.
    /// </summary>
    private static bool IsGeneratableShape(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Ordinary
        && !method.IsStatic
        && !method.IsAsync
        && !DurableSymbolFacts.IsIterator(method)
        && method.DeclaredAccessibility == Accessibility.Private
        && !IsAwaitableType(method.ReturnType);

    private static bool IsAwaitableType(ITypeSymbol type) =>
        type is INamedTypeSymbol named
        && CodecCatalog.MetadataName(named.OriginalDefinition) is "System.Threading.Tasks.Task" or "System.Threading.Tasks.Task`1"
            or "System.Threading.Tasks.ValueTask" or "System.Threading.Tasks.ValueTask`1"
            or "System.Collections.Generic.IAsyncEnumerable`1";

    private OperationSpec? ParseOperation(IMethodSymbol method, NameAllocator names, Dictionary<string, IMethodSymbol> byRecordName)
    {
        bool valid = true;
        if (method.IsGenericMethod)
        {
            Report(DurablyDiagnostics.GenericOperation, method, method.Name);
            return null;
        }

        string entryPointName = DurableSymbolFacts.GetEntryPointName(method);
        if (FixedGeneratedMembers.Contains(entryPointName))
        {
            Report(DurablyDiagnostics.GeneratedMemberConflict, method, _type.ToDisplayString(SymbolFormats.Display), entryPointName, "every [DurableState] class");
            return null;
        }

        if (ReportConflicts(entryPointName, "operation '" + method.Name + "'"))
        {
            return null;
        }

        string recordName = DurableSymbolFacts.GetOperationRecordName(method);
        if (HasEmptyStableName(method))
        {
            Report(DurablyDiagnostics.EmptyOperationName, method, method.Name);
            valid = false;
        }
        else if (byRecordName.TryGetValue(recordName, out IMethodSymbol? earlier))
        {
            Report(DurablyDiagnostics.DuplicateOperationName, method, earlier.Name, method.Name, recordName);
            valid = false;
        }
        else
        {
            byRecordName.Add(recordName, method);
        }

        string? resultType = null;
        if (!method.ReturnsVoid)
        {
            string? resultFailure = method.ReturnsByRef || method.ReturnsByRefReadonly
                ? "it returns by reference"
                : method.ReturnType is IPointerTypeSymbol or IFunctionPointerTypeSymbol
                    ? "pointers cannot be type arguments"
                    : method.ReturnType.IsRefLikeType
                        ? "a ref struct (such as a span) cannot be a type argument"
                        : null;
            if (resultFailure is not null)
            {
                Report(DurablyDiagnostics.UnsupportedResultType, method, method.Name, method.ReturnType.ToDisplayString(SymbolFormats.Display), resultFailure);
                valid = false;
            }
            else if (ImmutableTypeFacts.WhyNotProvablyImmutable(method.ReturnType) is { } mutable)
            {
                // The result reaches the caller after the apply, outside the write lock: the query rule (DS0114) holds.
                Report(DurablyDiagnostics.OperationResultMutable, method, method.Name, method.ReturnType.ToDisplayString(SymbolFormats.Display), entryPointName, mutable);
                valid = false;
            }
            else
            {
                resultType = method.ReturnType.ToDisplayString(SymbolFormats.Qualified);
            }
        }

        var parameters = new List<ParameterSpec>();
        bool decodeBeforeApply = false;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                Report(DurablyDiagnostics.ByReferenceParameter, parameter, parameter.Name, method.Name, RefKindText(parameter.RefKind));
                valid = false;
                continue;
            }

            if (IsCancellationToken(parameter.Type))
            {
                Report(DurablyDiagnostics.CancellationTokenParameter, parameter, parameter.Name, method.Name, entryPointName);
                valid = false;
                continue;
            }

            TypeRef? type = _resolver.Resolve(parameter.Type, out string? failure);
            if (type is null)
            {
                Report(DurablyDiagnostics.UnsupportedParameterType, parameter, parameter.Name, method.Name, parameter.Type.ToDisplayString(SymbolFormats.Display), failure!);
                valid = false;
                continue;
            }

            decodeBeforeApply |= !_resolver.IsSafeToShare(parameter.Type);
            string? defaultValue = parameter.HasExplicitDefaultValue
                ? DefaultValueFormatter.Format(parameter.ExplicitDefaultValue, parameter.Type)
                : null;
            parameters.Add(new ParameterSpec(EscapeIdentifier(parameter.Name), type, defaultValue));
        }

        if (!valid)
        {
            return null;
        }

        string cancellationTokenName = "cancellationToken";
        while (method.Parameters.Any(p => p.Name == cancellationTokenName))
        {
            cancellationTokenName += "_";
        }

        return new OperationSpec(
            method.Name,
            recordName,
            entryPointName,
            names.Allocate(method.Name + "Record"),
            EntryPointAccessibility.Keyword(EntryPointAccessibility.Of(method)),
            resultType,
            parameters.ToEquatableArray(),
            decodeBeforeApply,
            cancellationTokenName,
            DocumentationCref.Of(method));
    }

    private static bool IsCancellationToken(ITypeSymbol type) =>
        type is INamedTypeSymbol named && CodecCatalog.MetadataName(named.OriginalDefinition) == "System.Threading.CancellationToken";

    private static bool HasEmptyStableName(IMethodSymbol method) =>
        method.GetAttributes().Any(a =>
            a.AttributeClass?.ToDisplayString() == DurableSymbolNames.OperationAttribute
            && a.ConstructorArguments.Length == 1
            && (a.ConstructorArguments[0].Value is not string name || name.Trim().Length == 0));

    private EquatableArray<StateFieldSpec> ParseFields(NameAllocator names)
    {
        var chain = new List<INamedTypeSymbol>();
        for (INamedTypeSymbol? current = _type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            chain.Insert(0, current);
        }

        var fields = new List<StateFieldSpec>();
        var keys = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (INamedTypeSymbol declaring in chain)
        {
            foreach (ISymbol member in declaring.GetMembers())
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (member is IEventSymbol { IsStatic: false } fieldLikeEvent && TypeShapeResolver.IsFieldLike(fieldLikeEvent))
                {
                    // Its hidden backing field holds delegates: state that cannot be logged.
                    Report(
                        DurablyDiagnostics.UnsupportedFieldType,
                        SymbolEqualityComparer.Default.Equals(declaring, _type) ? fieldLikeEvent : _type,
                        fieldLikeEvent.Name,
                        _type.ToDisplayString(SymbolFormats.Display),
                        fieldLikeEvent.Type.ToDisplayString(SymbolFormats.Display),
                        "events hold delegates, which are code, not data");
                    continue;
                }

                if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
                {
                    continue;
                }

                if (ParseField(field, declaring, names, keys) is { } spec)
                {
                    fields.Add(spec);
                }
            }
        }

        return fields.ToEquatableArray();
    }

    private StateFieldSpec? ParseField(IFieldSymbol field, INamedTypeSymbol declaring, NameAllocator names, HashSet<string> keys)
    {
        ISymbol reported = field.AssociatedSymbol ?? field;
        string memberName = reported.Name;
        TypeRef? type = field.IsFixedSizeBuffer ? null : _resolver.Resolve(field.Type, out _);
        if (type is null)
        {
            string failure = field.IsFixedSizeBuffer ? "fixed-size buffers are not supported" : FailureOf(field.Type);
            Report(
                DurablyDiagnostics.UnsupportedFieldType,
                SymbolEqualityComparer.Default.Equals(declaring, _type) ? reported : _type,
                memberName,
                _type.ToDisplayString(SymbolFormats.Display),
                field.Type.ToDisplayString(SymbolFormats.Display),
                failure);
            return null;
        }

        string key = memberName;
        if (!keys.Add(key))
        {
            key = declaring.Name + "." + memberName;
            keys.Add(key);
        }

        bool direct = SymbolEqualityComparer.Default.Equals(declaring, _type) && !field.IsReadOnly && !field.IsImplicitlyDeclared;
        return new StateFieldSpec(
            key,
            field.Name,
            type,
            direct ? FieldAccess.Direct : FieldAccess.Accessor,
            declaring.ToDisplayString(SymbolFormats.QualifiedWithoutAnnotations),
            direct ? string.Empty : names.Allocate(memberName + "Field"));
    }

    private string FailureOf(ITypeSymbol type)
    {
        _resolver.Resolve(type, out string? failure);
        return failure ?? "it cannot be serialized";
    }

    /// <summary>Reports every member of the class or its bases named <paramref name="name"/>; true if there was one.</summary>
    private bool ReportConflicts(string name, string generatedFor)
    {
        bool found = false;
        for (INamedTypeSymbol? current = _type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (ISymbol existing in current.GetMembers(name))
            {
                if (existing.IsImplicitlyDeclared)
                {
                    continue;
                }

                bool inherited = !SymbolEqualityComparer.Default.Equals(current, _type);
                Report(
                    DurablyDiagnostics.GeneratedMemberConflict,
                    inherited || existing.Locations.All(l => !l.IsInSource) ? _type : existing,
                    current.ToDisplayString(SymbolFormats.Display),
                    name,
                    generatedFor);
                found = true;
            }
        }

        return found;
    }

    private void Report(DiagnosticDescriptor descriptor, ISymbol at, params string[] arguments)
    {
        Location? location = at.Locations.FirstOrDefault(l => l.IsInSource);
        _diagnostics.Add(new DiagnosticInfo(descriptor, LocationInfo.From(location), arguments.ToEquatableArray()));
    }

    private static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Length > 0
        && type.DeclaringSyntaxReferences.All(r =>
            r.GetSyntax() is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static string DeclarationKeyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, IsValueType: true } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static string RefKindText(RefKind kind) => kind switch
    {
        RefKind.Out => "out",
        RefKind.In => "in",
        RefKind.Ref => "ref",
        _ => "ref readonly",
    };

    private static string EscapeIdentifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
