using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;

namespace Durably.Analyzers;

/// <summary>
/// For one <c>[DurableState]</c> class: which of its methods read durable state outside the lock,
/// and which private helpers each calls, so that a public member reading state through a helper is
/// reported once, at the call, when the whole class has been seen.
/// </summary>
internal sealed class UnsynchronizedReadGraph
{
    private readonly ConcurrentDictionary<IMethodSymbol, MemberReads> _members = new(SymbolEqualityComparer.Default);

    public UnsynchronizedReadGraph(INamedTypeSymbol type, INamedTypeSymbol scope, DurableCompilationFacts facts)
    {
        Type = type;
        Scope = scope;
        Facts = facts;
    }

    /// <summary>The durable class whose state is read.</summary>
    public INamedTypeSymbol Type { get; }

    /// <summary>
    /// The type whose code this graph sees: the durable class, or a type nested in it (each nested
    /// type is analyzed on its own, and judged by the reads in its own members).
    /// </summary>
    public INamedTypeSymbol Scope { get; }

    /// <summary>True for code declared directly in <see cref="Scope"/>.</summary>
    public bool Sees(INamedTypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, Scope);

    public DurableCompilationFacts Facts { get; }

    /// <summary>
    /// True for durable state that can change while someone reads it: a durable field or auto-property
    /// (of any class), unless it is a constant or a readonly member holding an immutable value.
    /// </summary>
    public bool IsRacyState(ISymbol symbol) => IsRacyState(symbol, Facts);

    /// <inheritdoc cref="IsRacyState(ISymbol)"/>
    public static bool IsRacyState(ISymbol symbol, DurableCompilationFacts facts)
    {
        switch (symbol)
        {
            case IFieldSymbol field when facts.IsDurableMember(field):
                return !field.IsConst && !(field.IsReadOnly && (IsLockObject(field.Type) || ImmutableTypeFacts.WhyNotProvablyImmutable(field.Type) is null));
            case IPropertySymbol property when facts.IsDurableMember(property) && BackingField(property) is { } backing:
                return !(backing.IsReadOnly && ImmutableTypeFacts.WhyNotProvablyImmutable(property.Type) is null);
            default:
                return false;
        }
    }

    /// <summary>A readonly <c>object</c> or <c>Lock</c> field holds a lock, not state.</summary>
    private static bool IsLockObject(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_Object || type.ToDisplayString() == "System.Threading.Lock";

    /// <summary>The compiler-made backing field of an auto-property, or null for a property with its own accessors.</summary>
    public static IFieldSymbol? BackingField(IPropertySymbol property)
    {
        foreach (ISymbol member in property.ContainingType.GetMembers())
        {
            if (member is IFieldSymbol { IsImplicitlyDeclared: true } field
                && SymbolEqualityComparer.Default.Equals(field.AssociatedSymbol, property.OriginalDefinition))
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>
    /// True for the class and the types nested in it (at any depth) that are not durable classes
    /// themselves: their code reads this class's state, and a nested durable class has its own graph.
    /// </summary>
    public bool Owns(INamedTypeSymbol? type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, Type))
            {
                return true;
            }

            if (Facts.IsDurableClass(current))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// A method or getter that only this class's own code can call (private, or in a private nested
    /// type), other than an operation: its reads count for its callers.
    /// </summary>
    public bool IsHelper(IMethodSymbol method)
    {
        IMethodSymbol definition = Definition(method);
        return Owns(definition.ContainingType)
            && !IsReachableFromOutside(definition)
            && definition.ExplicitInterfaceImplementations.IsEmpty
            && definition.MethodKind is MethodKind.Ordinary or MethodKind.PropertyGet
            && !Facts.IsOperation(definition);
    }

    /// <summary>True when code outside the class can call <paramref name="member"/>: it, and every nested type between it and the class, is not private.</summary>
    private bool IsReachableFromOutside(IMethodSymbol member)
    {
        if (member.DeclaredAccessibility == Accessibility.Private && member.ExplicitInterfaceImplementations.IsEmpty)
        {
            return false;
        }

        for (INamedTypeSymbol? current = member.ContainingType; current is not null && !SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, Type); current = current.ContainingType)
        {
            if (current.DeclaredAccessibility == Accessibility.Private)
            {
                return false;
            }
        }

        return true;
    }

    public void AddRead(IMethodSymbol member, ISymbol state, Location location)
    {
        MemberReads reads = _members.GetOrAdd(Definition(member), static _ => new MemberReads());
        lock (reads)
        {
            if (reads.FirstRead is null || Earlier(location, reads.FirstRead.Value.Location))
            {
                reads.FirstRead = (state, location);
            }
        }
    }

    /// <summary>Records that <paramref name="member"/> changes durable state itself (reported by the log-before-mutate rules).</summary>
    public void AddStateChange(IMethodSymbol member)
    {
        MemberReads reads = _members.GetOrAdd(Definition(member), static _ => new MemberReads());
        lock (reads)
        {
            reads.ChangesState = true;
        }
    }

    public void AddCall(IMethodSymbol member, IMethodSymbol callee, Location location)
    {
        MemberReads reads = _members.GetOrAdd(Definition(member), static _ => new MemberReads());
        lock (reads)
        {
            reads.Calls.Add((Definition(callee), location));
        }
    }

    /// <summary>One diagnostic per non-private member that reads state unsynchronized, directly or through helpers.</summary>
    public IEnumerable<Diagnostic> Complete(CancellationToken cancellationToken)
    {
        foreach (KeyValuePair<IMethodSymbol, MemberReads> entry in _members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IMethodSymbol member = entry.Key;
            if (!IsReportedMember(member))
            {
                continue;
            }

            if (ChangesState(member, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)))
            {
                continue;
            }

            ISymbol reported = member.MethodKind == MethodKind.PropertyGet && member.AssociatedSymbol is { } property ? property : member;
            if (FindRead(member, entry.Value) is not { } found)
            {
                continue;
            }

            string through = found.Helper is null ? string.Empty : " (through '" + DurableSymbolDisplay.Describe(found.Helper) + "')";
            // The query fix rewrites a member of the durable class itself; a nested type's member cannot become its query.
            ImmutableDictionary<string, string?> properties = SymbolEqualityComparer.Default.Equals(member.ContainingType, Type) && UnsynchronizedReadAnalyzer.CanBecomeQuery(reported)
                ? ImmutableDictionary<string, string?>.Empty.Add(UnsynchronizedReadAnalyzer.QueryFixProperty, reported.Name)
                : ImmutableDictionary<string, string?>.Empty;
            yield return Diagnostic.Create(
                DurablyDiagnostics.UnsynchronizedRead,
                found.Location,
                properties,
                DurableSymbolDisplay.Describe(reported),
                found.State.Name,
                through,
                reported.Name);
        }
    }

    /// <summary>A member callers outside the class can reach, which runs without the lock.</summary>
    private bool IsReportedMember(IMethodSymbol member)
    {
        bool reachable = IsReachableFromOutside(member);
        bool query = DurableSymbolFacts.IsQuery(member) || (member.AssociatedSymbol is { } associated && DurableSymbolFacts.IsQuery(associated));
        return reachable
            && !query
            && !Facts.IsOperation(member)
            && member.MethodKind is MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.UserDefinedOperator or MethodKind.Conversion
                or MethodKind.ExplicitInterfaceImplementation or MethodKind.EventAdd or MethodKind.EventRemove;
    }

    /// <summary>The member's own first read, else the first call (in source order) that leads to a helper's read.</summary>
    private (ISymbol State, Location Location, IMethodSymbol? Helper)? FindRead(IMethodSymbol member, MemberReads reads)
    {
        (ISymbol State, Location Location)? direct;
        List<(IMethodSymbol Callee, Location Location)> calls;
        lock (reads)
        {
            direct = reads.FirstRead;
            calls = reads.Calls.OrderBy(c => c.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(c => c.Location.SourceSpan.Start).ToList();
        }

        if (direct is { } read)
        {
            return (read.State, read.Location, null);
        }

        var visited = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { member };
        foreach ((IMethodSymbol callee, Location location) in calls)
        {
            if (HelperRead(callee, visited) is { } state)
            {
                return (state.State, location, state.Helper);
            }
        }

        return null;
    }

    private (ISymbol State, IMethodSymbol Helper)? HelperRead(IMethodSymbol helper, HashSet<IMethodSymbol> visited)
    {
        if (!visited.Add(helper) || !_members.TryGetValue(helper, out MemberReads? reads))
        {
            return null;
        }

        (ISymbol State, Location Location)? direct;
        List<IMethodSymbol> callees;
        lock (reads)
        {
            direct = reads.FirstRead;
            callees = reads.Calls.OrderBy(c => c.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(c => c.Location.SourceSpan.Start).Select(c => c.Callee).ToList();
        }

        if (direct is { } read)
        {
            return (read.State, helper);
        }

        foreach (IMethodSymbol callee in callees)
        {
            if (HelperRead(callee, visited) is { } found)
            {
                return (found.State, helper);
            }
        }

        return null;
    }

    /// <summary>True when the member, or a helper it calls, changes durable state.</summary>
    private bool ChangesState(IMethodSymbol member, HashSet<IMethodSymbol> visited)
    {
        if (!visited.Add(member) || !_members.TryGetValue(member, out MemberReads? reads))
        {
            return false;
        }

        List<IMethodSymbol> callees;
        lock (reads)
        {
            if (reads.ChangesState)
            {
                return true;
            }

            callees = reads.Calls.Select(c => c.Callee).ToList();
        }

        return callees.Any(callee => ChangesState(callee, visited));
    }

    private static bool Earlier(Location a, Location b)
    {
        int byFile = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
        return byFile < 0 || (byFile == 0 && a.SourceSpan.Start < b.SourceSpan.Start);
    }

    private static IMethodSymbol Definition(IMethodSymbol method)
    {
        IMethodSymbol definition = method.OriginalDefinition;
        return definition.PartialDefinitionPart ?? definition;
    }

    private sealed class MemberReads
    {
        public (ISymbol State, Location Location)? FirstRead { get; set; }

        public List<(IMethodSymbol Callee, Location Location)> Calls { get; } = [];

        public bool ChangesState { get; set; }
    }
}
