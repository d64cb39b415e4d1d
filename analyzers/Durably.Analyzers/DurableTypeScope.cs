using System.Collections.Concurrent;
using System.Collections.Generic;
using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durably.Analyzers;

/// <summary>
/// Everything the analyzer learns about one <c>[DurableState]</c> class while its members are
/// analyzed: the calls of its private helpers and the findings inside them. At the end of the class
/// it decides which helpers run only on behalf of operations ("every call, transitively, comes
/// from an operation"), once per type, and reports the findings that are not covered.
/// </summary>
internal sealed class DurableTypeScope
{
    private readonly ConcurrentQueue<HelperReference> _references = new();
    private readonly ConcurrentQueue<(IMethodSymbol Helper, DurableFinding Finding)> _pending = new();
    private readonly DurableCompilationFacts _facts;

    public DurableTypeScope(INamedTypeSymbol type, DurableCompilationFacts facts)
    {
        Type = type;
        _facts = facts;
    }

    /// <summary>The durable class.</summary>
    public INamedTypeSymbol Type { get; }

    /// <summary>True for a private ordinary method of the class: a possible operation-only helper.</summary>
    public bool IsHelperCandidate(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Ordinary
        && method.DeclaredAccessibility == Accessibility.Private
        && !method.IsImplicitlyDeclared
        && SymbolEqualityComparer.Default.Equals(method.ContainingType, Type)
        && !_facts.IsOperation(method);

    /// <summary>True for an operation of the class.</summary>
    public bool IsOperation(ISymbol member) =>
        member is IMethodSymbol method
        && SymbolEqualityComparer.Default.Equals(method.ContainingType, Type)
        && _facts.IsOperation(method);

    /// <summary>
    /// True where the class may change its own state without an operation: constructors, field
    /// and property initializers, and property setters (every use of a durable setter is itself
    /// checked as a change of that property).
    /// </summary>
    public bool IsInitializationOrSetter(ISymbol member) =>
        SymbolEqualityComparer.Default.Equals(member.ContainingType, Type)
        && member switch
        {
            IMethodSymbol method => method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.PropertySet,
            IFieldSymbol or IPropertySymbol => true,
            _ => false,
        };

    /// <summary>Records a call (or delegate creation) of a helper candidate.</summary>
    public void AddReference(IMethodSymbol helper, ISymbol caller, HelperReferenceKind kind) =>
        _references.Enqueue(new HelperReference(helper, caller, kind));

    /// <summary>Defers a finding inside a helper candidate until the helper's callers are all known.</summary>
    public void AddPending(IMethodSymbol helper, DurableFinding finding) => _pending.Enqueue((helper, finding));

    /// <summary>Judges the deferred findings once every member of the class has been analyzed.</summary>
    public IEnumerable<Diagnostic> Complete(CancellationToken cancellationToken)
    {
        if (_pending.IsEmpty)
        {
            yield break;
        }

        AddUsesFromNestedTypes(cancellationToken);
        HelperCallGraph graph = new(this, _references);
        foreach ((IMethodSymbol helper, DurableFinding finding) in _pending)
        {
            if (finding.Kind == DurableFindingKind.InsideOperationOnly)
            {
                if (graph.FindOperationReaching(helper) is { } operation)
                {
                    string context = "operation '" + operation.Name + "' (through '" + helper.Name + "')";
                    yield return finding.ToDiagnostic(finding.ContextArgument == 0 ? "Operation" + context.Substring("operation".Length) : context);
                }
            }
            else if (!graph.RunsOnlyForOperations(helper))
            {
                yield return finding.ToDiagnostic(graph.ExplainOutsideOperation(helper));
            }
        }
    }

    /// <summary>
    /// Nested types can call the class's private helpers, but their code is analyzed outside this
    /// class's scope; a helper whose name a nested type mentions is therefore treated as called
    /// from outside any operation (conservative: it can only add reports, never hide one).
    /// </summary>
    private void AddUsesFromNestedTypes(CancellationToken cancellationToken)
    {
        foreach (INamedTypeSymbol nested in Type.GetTypeMembers())
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (SyntaxReference reference in nested.DeclaringSyntaxReferences)
            {
                foreach (SyntaxNode node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is IdentifierNameSyntax identifier)
                    {
                        names.Add(identifier.Identifier.ValueText);
                    }
                }
            }

            foreach (string name in names)
            {
                foreach (ISymbol member in Type.GetMembers(name))
                {
                    if (member is IMethodSymbol helper && IsHelperCandidate(helper))
                    {
                        AddReference(helper, nested, HelperReferenceKind.CallOnThis);
                    }
                }
            }
        }
    }

    /// <summary>One use of a helper candidate.</summary>
    internal readonly struct HelperReference
    {
        public HelperReference(IMethodSymbol helper, ISymbol caller, HelperReferenceKind kind)
        {
            Helper = helper;
            Caller = caller;
            Kind = kind;
        }

        public IMethodSymbol Helper { get; }

        public ISymbol Caller { get; }

        public HelperReferenceKind Kind { get; }
    }
}

/// <summary>How a helper candidate is used.</summary>
internal enum HelperReferenceKind
{
    /// <summary>Called on <c>this</c> (or statically).</summary>
    CallOnThis,

    /// <summary>Called on another instance of the class.</summary>
    CallOnOtherInstance,

    /// <summary>Turned into a delegate: it can then run anywhere.</summary>
    Delegate,
}
