using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Durably.Analyzers;

/// <summary>
/// The calls of one durable class's private helpers, and what follows from them: which helpers run
/// only on behalf of operations (the greatest set whose every use is a call on <c>this</c> from an
/// operation, a constructor, an initializer or another such helper, and that one of those reaches),
/// and which helpers an operation reaches (where nondeterminism matters).
/// </summary>
internal sealed class HelperCallGraph
{
    private readonly DurableTypeScope _scope;
    private readonly Dictionary<IMethodSymbol, List<DurableTypeScope.HelperReference>> _usesOf = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, List<IMethodSymbol>> _calledBy = new(SymbolEqualityComparer.Default);
    private readonly HashSet<IMethodSymbol> _operationOnly = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, IMethodSymbol> _reachingOperation = new(SymbolEqualityComparer.Default);

    public HelperCallGraph(DurableTypeScope scope, IEnumerable<DurableTypeScope.HelperReference> references)
    {
        _scope = scope;
        foreach (DurableTypeScope.HelperReference reference in references)
        {
            if (!_usesOf.TryGetValue(reference.Helper, out List<DurableTypeScope.HelperReference>? uses))
            {
                _usesOf.Add(reference.Helper, uses = []);
            }

            uses.Add(reference);
            if (!_calledBy.TryGetValue(reference.Caller, out List<IMethodSymbol>? callees))
            {
                _calledBy.Add(reference.Caller, callees = []);
            }

            callees.Add(reference.Helper);
        }

        ComputeOperationOnly();
        ComputeReachingOperations();
    }

    /// <summary>True when every path into <paramref name="helper"/> starts in an operation (or initialization).</summary>
    public bool RunsOnlyForOperations(IMethodSymbol helper) => _operationOnly.Contains(helper);

    /// <summary>An operation that calls <paramref name="helper"/>, directly or through other helpers.</summary>
    public IMethodSymbol? FindOperationReaching(IMethodSymbol helper) =>
        _reachingOperation.TryGetValue(helper, out IMethodSymbol? operation) ? operation : null;

    /// <summary>Why <paramref name="helper"/> can run outside an operation, naming the offending call path.</summary>
    public string ExplainOutsideOperation(IMethodSymbol helper)
    {
        var path = new List<ISymbol> { helper };
        var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { helper };
        IMethodSymbol current = helper;
        while (true)
        {
            if (!_usesOf.TryGetValue(current, out List<DurableTypeScope.HelperReference>? uses) || uses.Count == 0)
            {
                return Along(path) + "'" + DurableSymbolDisplay.Describe(current) + "' is never called from an operation";
            }

            foreach (DurableTypeScope.HelperReference use in uses)
            {
                if (use.Kind == HelperReferenceKind.Delegate)
                {
                    return Along(path) + "'" + DurableSymbolDisplay.Describe(current) + "' is used as a delegate in '"
                        + DurableSymbolDisplay.Describe(use.Caller) + "', so it can run outside an operation";
                }

                if (use.Kind == HelperReferenceKind.CallOnOtherInstance)
                {
                    return Along(path) + "'" + DurableSymbolDisplay.Describe(current) + "' is called on another instance in '"
                        + DurableSymbolDisplay.Describe(use.Caller) + "'";
                }
            }

            DurableTypeScope.HelperReference? outside = null;
            foreach (DurableTypeScope.HelperReference use in uses)
            {
                if (!IsAllowedCaller(use.Caller))
                {
                    outside = use;
                    break;
                }
            }

            if (outside is not { } offending)
            {
                return Along(path) + "'" + DurableSymbolDisplay.Describe(current) + "' is only called from helpers that no operation calls";
            }

            path.Add(offending.Caller);
            if (offending.Caller is IMethodSymbol caller && _scope.IsHelperCandidate(caller) && visited.Add(caller))
            {
                current = caller;
                continue;
            }

            return "the call path '" + string.Join(" → ", Enumerable.Reverse(path).Select(DurableSymbolDisplay.Describe))
                + "' starts in '" + DurableSymbolDisplay.Describe(offending.Caller) + "', which is not an operation";
        }
    }

    private static string Along(List<ISymbol> path) =>
        path.Count == 1
            ? string.Empty
            : "it runs along '" + string.Join(" → ", Enumerable.Reverse(path).Select(DurableSymbolDisplay.Describe)) + "', and ";

    private bool IsRoot(ISymbol caller) => _scope.IsOperation(caller) || _scope.IsInitializationOrSetter(caller);

    private bool IsAllowedCaller(ISymbol caller) =>
        IsRoot(caller) || (caller is IMethodSymbol method && _operationOnly.Contains(method));

    private void ComputeOperationOnly()
    {
        // Greatest fixed point: start from every used helper, drop those with a use that is not an
        // allowed call, until nothing changes.
        foreach (IMethodSymbol helper in _usesOf.Keys)
        {
            _operationOnly.Add(helper);
        }

        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (IMethodSymbol helper in _operationOnly.ToList())
            {
                foreach (DurableTypeScope.HelperReference use in _usesOf[helper])
                {
                    if (use.Kind != HelperReferenceKind.CallOnThis || !IsAllowedCaller(use.Caller))
                    {
                        _operationOnly.Remove(helper);
                        changed = true;
                        break;
                    }
                }
            }
        }

        // A cycle of helpers calling only each other survives the fixed point; keep only what an
        // operation or initialization actually reaches.
        var reached = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var queue = new Queue<IMethodSymbol>();
        foreach (KeyValuePair<ISymbol, List<IMethodSymbol>> pair in _calledBy)
        {
            if (IsRoot(pair.Key))
            {
                foreach (IMethodSymbol callee in pair.Value)
                {
                    if (_operationOnly.Contains(callee) && reached.Add(callee))
                    {
                        queue.Enqueue(callee);
                    }
                }
            }
        }

        while (queue.Count > 0)
        {
            if (_calledBy.TryGetValue(queue.Dequeue(), out List<IMethodSymbol>? callees))
            {
                foreach (IMethodSymbol callee in callees)
                {
                    if (_operationOnly.Contains(callee) && reached.Add(callee))
                    {
                        queue.Enqueue(callee);
                    }
                }
            }
        }

        _operationOnly.IntersectWith(reached);
    }

    private void ComputeReachingOperations()
    {
        var queue = new Queue<IMethodSymbol>();
        foreach (KeyValuePair<ISymbol, List<IMethodSymbol>> pair in _calledBy)
        {
            if (_scope.IsOperation(pair.Key))
            {
                foreach (IMethodSymbol callee in pair.Value)
                {
                    if (!_reachingOperation.ContainsKey(callee))
                    {
                        _reachingOperation.Add(callee, (IMethodSymbol)pair.Key);
                        queue.Enqueue(callee);
                    }
                }
            }
        }

        while (queue.Count > 0)
        {
            IMethodSymbol helper = queue.Dequeue();
            if (_calledBy.TryGetValue(helper, out List<IMethodSymbol>? callees))
            {
                foreach (IMethodSymbol callee in callees)
                {
                    if (!_reachingOperation.ContainsKey(callee))
                    {
                        _reachingOperation.Add(callee, _reachingOperation[helper]);
                        queue.Enqueue(callee);
                    }
                }
            }
        }
    }
}
