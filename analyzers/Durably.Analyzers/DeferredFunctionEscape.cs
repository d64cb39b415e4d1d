using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Durably.Analyzers;

/// <summary>
/// Whether code inside an operation runs later than the operation: it sits in a lambda or local
/// function that the operation hands out (returns, stores in a field or property, subscribes to an
/// event), directly or wrapped in something that keeps it (a delegate, a lazy sequence such as
/// <c>Where(...)</c>, a new object), or in a local iterator whose sequence is handed out. A function
/// that is invoked, passed to a method that returns a plain value or a concrete collection
/// (<c>ForEach</c>, <c>Sum</c>, <c>ToImmutableArray</c>), or enumerated by <c>foreach</c> runs before
/// the operation returns.
/// </summary>
internal static class DeferredFunctionEscape
{
    private const int MaxDepth = 4;

    /// <summary>How a function returned from the member is handed out.</summary>
    public const string Returned = "returns";

    /// <summary>The enclosing function of <paramref name="operation"/> that runs later, and how it is handed out; null when none does.</summary>
    /// <param name="operation">Code inside an operation or one of its helpers.</param>
    /// <param name="returnEscapes">
    /// False for a helper: what it returns goes to its caller inside the operation, which may run it
    /// at once, so only functions it stores or subscribes count.
    /// </param>
    public static (string Function, string How)? Find(IOperation operation, bool returnEscapes = true)
    {
        IOperation? root = null;
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    root ??= Root(operation);
                    if (Escape(lambda, root, 0) is { } lambdaHow && (returnEscapes || lambdaHow != Returned))
                    {
                        return ("a lambda", lambdaHow);
                    }

                    break;
                case ILocalFunctionOperation local:
                    root ??= Root(operation);
                    bool iterator = IsIterator(local);
                    if (LocalFunctionEscape(local.Symbol, iterator, root, 0) is { } localHow && (returnEscapes || localHow != Returned))
                    {
                        return ((iterator ? "local iterator '" : "local function '") + local.Symbol.Name + "'", localHow);
                    }

                    break;
            }
        }

        return null;
    }

    private static IOperation Root(IOperation operation)
    {
        IOperation root = operation;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        return root;
    }

    /// <summary>How the value of <paramref name="value"/> leaves the operation, or null when it is used up before it returns.</summary>
    private static string? Escape(IOperation value, IOperation root, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        IOperation current = value;
        while (current.Parent is { } parent)
        {
            switch (parent)
            {
                case IConversionOperation or IDelegateCreationOperation or IParenthesizedOperation or ICoalesceOperation
                    or ITupleOperation or IArrayInitializerOperation or IArrayCreationOperation or IAnonymousObjectCreationOperation
                    or IObjectOrCollectionInitializerOperation or IMemberInitializerOperation or IObjectCreationOperation:
                    break;
                case IConditionalOperation conditional when conditional.Condition != current:
                    break;
                case IArgumentOperation argument:
                    switch (argument.Parent)
                    {
                        case IObjectCreationOperation:
                            break;
                        case IInvocationOperation invocation when KeepsArguments(invocation.Type):
                            current = invocation;
                            continue;
                        case IInvocationOperation invocation when IsCollectionAdd(invocation):
                            return CollectionEscape(invocation.Instance!, root, depth);
                        default:
                            return null;
                    }

                    break;
                case IInvocationOperation invocation when invocation.Instance == current:
                    if (!KeepsArguments(invocation.Type))
                    {
                        return null;
                    }

                    break;
                case IReturnOperation returned when returned.ReturnedValue == current:
                    return ReturnEscape(returned, root, depth);
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    return StoreEscape(assignment.Target, root, depth);
                case ICompoundAssignmentOperation compound when compound.Value == current:
                    return StoreEscape(compound.Target, root, depth);
                case ICoalesceAssignmentOperation coalesce when coalesce.Value == current:
                    return StoreEscape(coalesce.Target, root, depth);
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return LocalEscape(declarator.Symbol, root, depth);
                case IEventAssignmentOperation subscription when subscription.HandlerValue == current:
                    return subscription.Adds ? "subscribes to an event" : null;
                default:
                    return null;
            }

            current = parent;
        }

        return null;
    }

    /// <summary>A call whose result is a delegate or an interface (a lazy sequence, say) may keep its arguments to run later.</summary>
    private static bool KeepsArguments(ITypeSymbol? type) =>
        type is { TypeKind: TypeKind.Delegate or TypeKind.Interface };

    /// <summary><c>list.Add(f)</c>, <c>queue.Enqueue(f)</c>, <c>map.TryAdd(k, f)</c>: the collection keeps the function.</summary>
    private static bool IsCollectionAdd(IInvocationOperation invocation) =>
        invocation.Instance is { Type: { } receiver }
        && !invocation.TargetMethod.IsStatic
        && invocation.TargetMethod.Name is "Add" or "AddRange" or "Insert" or "InsertRange" or "Enqueue" or "Push" or "TryAdd" or "AddOrUpdate" or "GetOrAdd" or "Prepend" or "Append"
        && receiver.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);

    /// <summary>The function was put into a collection: it leaves with the collection.</summary>
    private static string? CollectionEscape(IOperation collection, IOperation root, int depth)
    {
        while (collection is IConversionOperation conversion)
        {
            collection = conversion.Operand;
        }

        return collection switch
        {
            ILocalReferenceOperation local => LocalEscape(local.Local, root, depth),
            IInstanceReferenceOperation or IParameterReferenceOperation => null,
            _ => "stores in a collection held in a field or property",
        };
    }

    private static string? ReturnEscape(IReturnOperation returned, IOperation root, int depth)
    {
        for (IOperation? current = returned.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILocalFunctionOperation local:
                    // Returned from a local function: it leaves wherever the local function's result goes.
                    return LocalFunctionEscape(local.Symbol, callsCarry: true, root, depth + 1);
                case IAnonymousFunctionOperation:
                    // Returned from a lambda: it runs when the lambda does, which is judged as the lambda's own escape.
                    return null;
            }
        }

        return Returned;
    }

    private static string? StoreEscape(IOperation target, IOperation root, int depth) =>
        target switch
        {
            ILocalReferenceOperation local => LocalEscape(local.Local, root, depth),
            IDiscardOperation => null,
            _ => "stores in a field or property",
        };

    /// <summary>A local holding the function escapes when any of its uses does.</summary>
    private static string? LocalEscape(ILocalSymbol local, IOperation root, int depth)
    {
        if (depth >= MaxDepth)
        {
            return null;
        }

        foreach (IOperation use in root.Descendants())
        {
            if (use is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && !IsAssignmentTarget(reference)
                && Escape(reference, root, depth + 1) is { } how)
            {
                return how;
            }
        }

        return null;
    }

    /// <summary>
    /// A local function escapes through a delegate made of it, and, when its calls produce something
    /// that runs later (an iterator's sequence, or a function it returns), through its calls.
    /// </summary>
    private static string? LocalFunctionEscape(IMethodSymbol function, bool callsCarry, IOperation root, int depth)
    {
        if (depth >= MaxDepth)
        {
            return null;
        }

        foreach (IOperation use in root.Descendants())
        {
            IOperation? escaping = use switch
            {
                IMethodReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Method.OriginalDefinition, function) => reference,
                IInvocationOperation call when callsCarry && SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, function) => call,
                _ => null,
            };
            if (escaping is not null && Escape(escaping, root, depth + 1) is { } how)
            {
                return how;
            }
        }

        return null;
    }

    private static bool IsAssignmentTarget(IOperation reference) =>
        reference.Parent is IAssignmentOperation assignment && assignment.Target == reference;

    /// <summary>True when the local function's own body (not a nested function's) yields.</summary>
    private static bool IsIterator(ILocalFunctionOperation local)
    {
        var pending = new Stack<IOperation>();
        if (local.Body is { } body)
        {
            pending.Push(body);
        }

        while (pending.Count > 0)
        {
            IOperation current = pending.Pop();
            if (current is IReturnOperation { Kind: OperationKind.YieldReturn or OperationKind.YieldBreak })
            {
                return true;
            }

            foreach (IOperation child in current.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }

        return false;
    }
}
