using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durably.Analyzers;

/// <summary>
/// Finds, in one operation node, what may bypass the log (state changes, direct operation calls)
/// or must not run inside an operation (nondeterminism, re-entrant entry-point calls). Where the
/// code runs is judged afterwards by <see cref="LogBeforeMutateAnalyzer"/>.
/// </summary>
internal sealed class DurableCodeInspector
{
    /// <summary>Operation kinds that can change state or call an operation.</summary>
    public static readonly ImmutableArray<OperationKind> StateChangeKinds =
    [
        OperationKind.SimpleAssignment,
        OperationKind.CompoundAssignment,
        OperationKind.CoalesceAssignment,
        OperationKind.Increment,
        OperationKind.Decrement,
        OperationKind.DeconstructionAssignment,
        OperationKind.ObjectCreation,
        OperationKind.VariableDeclarator,
        OperationKind.Return,
        OperationKind.AddressOf,
        OperationKind.Invocation,
        OperationKind.MethodReference,
    ];

    /// <summary>Further kinds that matter only inside an operation.</summary>
    public static readonly ImmutableArray<OperationKind> InsideOperationKinds =
    [
        OperationKind.PropertyReference,
        OperationKind.Await,
        OperationKind.Loop,
        OperationKind.Using,
        OperationKind.UsingDeclaration,
    ];

    private readonly DurableCompilationFacts _facts;
    private readonly MutatingMemberCatalog _mutators = new();
    private readonly NondeterministicApiCatalog _nondeterminism = new();

    // The option is read once per file, not once per call.
    private readonly ConcurrentDictionary<SyntaxTree, string?> _configuredMutators = new();

    public DurableCodeInspector(DurableCompilationFacts facts)
    {
        _facts = facts;
    }

    public DurableCompilationFacts Facts => _facts;

    /// <summary>Changes of durable state and direct operation calls in <paramref name="operation"/>.</summary>
    public void FindStateChanges(IOperation operation, AnalyzerOptions options, ref List<DurableFinding>? findings)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation { IsRef: true } refAssignment:
                if (refAssignment.Target is ILocalReferenceOperation { Local.RefKind: RefKind.Ref })
                {
                    AddStateChange(refAssignment.Value, "Taking a writable reference to", ref findings);
                }

                break;
            case ISimpleAssignmentOperation assignment:
                AddStateChange(assignment.Target, "Assigning", ref findings);
                break;
            case ICompoundAssignmentOperation compound:
                AddStateChange(compound.Target, "Updating", ref findings);
                break;
            case ICoalesceAssignmentOperation coalesce:
                AddStateChange(coalesce.Target, "Assigning", ref findings);
                break;
            case IIncrementOrDecrementOperation step:
                AddStateChange(step.Target, step.Kind == OperationKind.Increment ? "Incrementing" : "Decrementing", ref findings);
                break;
            case IDeconstructionAssignmentOperation deconstruction:
                AddDeconstructionTargets(deconstruction.Target, ref findings);
                break;
            case IVariableDeclaratorOperation { Symbol.RefKind: RefKind.Ref } declarator when declarator.Initializer is not null:
                AddStateChange(declarator.Initializer.Value, "Taking a writable reference to", ref findings);
                break;
            case IReturnOperation { ReturnedValue: { } returned } returnOperation when ReturnsWritableReference(returnOperation):
                AddStateChange(returned, "Returning a writable reference to", ref findings);
                break;
            case IAddressOfOperation addressOf:
                AddStateChange(addressOf.Reference, "Taking the address of", ref findings);
                break;
            case IObjectCreationOperation creation:
                AddReferenceArguments(creation.Arguments, ref findings);
                break;
            case IInvocationOperation invocation:
                AddReferenceArguments(invocation.Arguments, ref findings);
                AddMutatingCall(invocation, options, ref findings);
                AddOperationCall(invocation.TargetMethod, invocation.Instance, invocation.Syntax, ref findings);
                break;
            case IMethodReferenceOperation reference when !IsInsideNameOf(reference):
                AddOperationCall(reference.Method, reference.Instance, reference.Syntax, ref findings);
                break;
        }
    }

    /// <summary>Nondeterminism and re-entrant entry-point calls in <paramref name="operation"/>, code of <paramref name="durableClass"/>.</summary>
    public void FindInsideOperationOnly(IOperation operation, INamedTypeSymbol durableClass, ref List<DurableFinding>? findings)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                AddNondeterminism(invocation.TargetMethod, invocation.Syntax, durableClass, ref findings);
                AddReentrantCall(invocation, durableClass, ref findings);
                break;
            case IMethodReferenceOperation reference:
                AddNondeterminism(reference.Method, reference.Syntax, durableClass, ref findings);
                break;
            case IPropertyReferenceOperation property:
                AddNondeterminism(property.Property, property.Syntax, durableClass, ref findings);
                break;
            case IObjectCreationOperation { Constructor: { } constructor } creation:
                AddNondeterminism(constructor, creation.Syntax, durableClass, ref findings);
                break;
            case IAwaitOperation await:
                AddAwait(await.Syntax, durableClass, ref findings);
                break;
            case IForEachLoopOperation { IsAsynchronous: true } loop when loop.Syntax is CommonForEachStatementSyntax forEach:
                AddAwait(forEach.AwaitKeyword, durableClass, ref findings);
                break;
            case IUsingOperation { IsAsynchronous: true } usingOperation when usingOperation.Syntax is UsingStatementSyntax usingStatement:
                AddAwait(usingStatement.AwaitKeyword, durableClass, ref findings);
                break;
            case IUsingDeclarationOperation { IsAsynchronous: true } declaration
                when (declaration.Syntax as LocalDeclarationStatementSyntax ?? declaration.Syntax.Parent as LocalDeclarationStatementSyntax) is { } local:
                AddAwait(local.AwaitKeyword, durableClass, ref findings);
                break;
        }
    }

    // Arguments are the most frequent operation; they are looked at from their call instead of
    // registering a callback for every one of them.
    private void AddReferenceArguments(ImmutableArray<IArgumentOperation> arguments, ref List<DurableFinding>? findings)
    {
        foreach (IArgumentOperation argument in arguments)
        {
            if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out)
            {
                AddStateChange(argument.Value, "Passing by reference", ref findings);
            }
        }
    }

    private void AddDeconstructionTargets(IOperation target, ref List<DurableFinding>? findings)
    {
        if (target is ITupleOperation tuple)
        {
            foreach (IOperation element in tuple.Elements)
            {
                AddDeconstructionTargets(element, ref findings);
            }
        }
        else if (target is not IDeclarationExpressionOperation and not IDiscardOperation)
        {
            AddStateChange(target, "Deconstructing into", ref findings);
        }
    }

    private void AddStateChange(IOperation target, string verb, ref List<DurableFinding>? findings)
    {
        if (!DurableStorageRoot.TryFind(target, _facts, throughReference: false, out DurableStorageRoot root) || root.IsInitializerReceiver)
        {
            return;
        }

        INamedTypeSymbol owner = root.Member.ContainingType;
        DurableReceiverKind receiver = DurableStorageRoot.ReceiverKind(root.Instance);
        DurableFinding finding = root.IsDirect
            ? new DurableFinding(
                DurableFindingKind.StateChange,
                DurablyDiagnostics.MutationOutsideOperation,
                root.Reference.Syntax.GetLocation(),
                owner,
                receiver,
                [root.Member.Name, owner.Name, string.Empty],
                contextArgument: 2)
            : new DurableFinding(
                DurableFindingKind.StateChange,
                DurablyDiagnostics.MutatingCallOutsideOperation,
                target.Syntax.GetLocation(),
                owner,
                receiver,
                [verb + " '" + DurableSymbolDisplay.Excerpt(target.Syntax) + "'", root.Member.Name, owner.Name, string.Empty],
                contextArgument: 3);
        Add(finding, ref findings);
    }

    private void AddMutatingCall(IInvocationOperation invocation, AnalyzerOptions options, ref List<DurableFinding>? findings)
    {
        string? configured = ReadConfiguredMutators(options, invocation.Syntax.SyntaxTree);
        if (!_mutators.TryGetMutatedOperand(invocation, configured, out IOperation? operand, out string methodName)
            || !DurableStorageRoot.TryFind(operand, _facts, throughReference: operand?.Type?.IsReferenceType == true, out DurableStorageRoot root)
            || root.IsInitializerReceiver)
        {
            return;
        }

        INamedTypeSymbol owner = root.Member.ContainingType;
        Add(
            new DurableFinding(
                DurableFindingKind.StateChange,
                DurablyDiagnostics.MutatingCallOutsideOperation,
                invocation.Syntax.GetLocation(),
                owner,
                DurableStorageRoot.ReceiverKind(root.Instance),
                ["Calling '" + methodName + "'", root.Member.Name, owner.Name, string.Empty],
                contextArgument: 3),
            ref findings);
    }

    private void AddOperationCall(IMethodSymbol method, IOperation? instance, SyntaxNode syntax, ref List<DurableFinding>? findings)
    {
        if (!_facts.IsOperation(method) || !_facts.IsDurableClass(method.ContainingType))
        {
            return;
        }

        IMethodSymbol operation = method.OriginalDefinition;
        Add(
            new DurableFinding(
                DurableFindingKind.OperationCall,
                DurablyDiagnostics.DirectOperationCall,
                syntax.GetLocation(),
                operation.ContainingType,
                DurableStorageRoot.ReceiverKind(instance),
                [operation.Name, string.Empty, DurableSymbolFacts.GetEntryPointName(operation)],
                contextArgument: 1),
            ref findings);
    }

    private void AddNondeterminism(ISymbol member, SyntaxNode syntax, INamedTypeSymbol durableClass, ref List<DurableFinding>? findings)
    {
        if (!_nondeterminism.TryGetReason(member, out string reason))
        {
            return;
        }

        string name = member is IMethodSymbol { MethodKind: MethodKind.Constructor }
            ? "new " + member.ContainingType.Name + "(...)"
            : member.ContainingType.Name + "." + (member is IMethodSymbol { AssociatedSymbol: { } associated } ? associated.Name : member.Name);
        Add(
            new DurableFinding(
                DurableFindingKind.InsideOperationOnly,
                DurablyDiagnostics.NondeterminismInOperation,
                syntax.GetLocation(),
                durableClass,
                DurableReceiverKind.This,
                [name, reason, string.Empty],
                contextArgument: 2),
            ref findings);
    }

    private static void AddAwait(SyntaxNodeOrToken syntax, INamedTypeSymbol durableClass, ref List<DurableFinding>? findings)
    {
        Location? location = syntax.GetLocation();
        if (location is null)
        {
            return;
        }

        Add(
            new DurableFinding(
                DurableFindingKind.InsideOperationOnly,
                DurablyDiagnostics.NondeterminismInOperation,
                location,
                durableClass,
                DurableReceiverKind.This,
                ["await", "resumes at a time and on a thread that differ on every run", string.Empty],
                contextArgument: 2),
            ref findings);
    }

    private static void AddReentrantCall(IInvocationOperation invocation, INamedTypeSymbol durableClass, ref List<DurableFinding>? findings)
    {
        IMethodSymbol target = invocation.TargetMethod.OriginalDefinition;
        if (!SymbolEqualityComparer.Default.Equals(target.ContainingType, durableClass)
            || DurableSymbolFacts.FindOperationOfEntryPoint(target) is not { } operation)
        {
            return;
        }

        Add(
            new DurableFinding(
                DurableFindingKind.InsideOperationOnly,
                DurablyDiagnostics.ReentrantEntryPointCall,
                invocation.Syntax.GetLocation(),
                durableClass,
                DurableStorageRoot.ReceiverKind(invocation.Instance),
                [string.Empty, target.Name, operation.Name],
                contextArgument: 0),
            ref findings);
    }

    private string? ReadConfiguredMutators(AnalyzerOptions options, SyntaxTree tree) =>
        _configuredMutators.GetOrAdd(tree, t =>
            options.AnalyzerConfigOptionsProvider.GetOptions(t).TryGetValue(MutatingMemberCatalog.AdditionalMutatingMethodsOption, out string? value)
            || options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(MutatingMemberCatalog.AdditionalMutatingMethodsOption, out value)
                ? value
                : null);

    private bool ReturnsWritableReference(IReturnOperation returnOperation) =>
        DurableStorageRoot.TryFind(returnOperation.ReturnedValue, _facts, throughReference: false, out _)
        && returnOperation.SemanticModel is { } model
        && model.GetEnclosingSymbol(returnOperation.Syntax.SpanStart) is IMethodSymbol { RefKind: RefKind.Ref };

    private static bool IsInsideNameOf(IOperation operation)
    {
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is INameOfOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(DurableFinding finding, ref List<DurableFinding>? findings) =>
        (findings ??= []).Add(finding);
}
