using System.Collections.Generic;
using System.Collections.Immutable;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durably.Analyzers;

/// <summary>
/// Log before mutate, at compile time: durable state changes only inside operations (DS0001,
/// DS0002), operations are not called around their log (DS0003), and what runs inside an operation
/// is deterministic (DS0004), does not log again (DS0010) and does not hand out code that changes
/// state after the apply (DS0016).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LogBeforeMutateAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DurablyDiagnostics.MutationOutsideOperation,
        DurablyDiagnostics.MutatingCallOutsideOperation,
        DurablyDiagnostics.DirectOperationCall,
        DurablyDiagnostics.NondeterminismInOperation,
        DurablyDiagnostics.ReentrantEntryPointCall,
        DurablyDiagnostics.DeferredStateChange,
    ];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        // Without the runtime there is nothing durable to protect: register nothing.
        if (DurableCompilationFacts.For(context.Compilation) is not { } facts)
        {
            return;
        }

        var inspector = new DurableCodeInspector(facts);

        // Code outside durable classes never runs as an operation: judge it at once.
        context.RegisterOperationAction(
            operationContext => AnalyzeOutsideDurableClass(operationContext, inspector),
            DurableCodeInspector.StateChangeKinds);

        // Code inside a durable class depends on which of its helpers run only for operations,
        // which is known once all of the class has been seen.
        context.RegisterSymbolStartAction(
            symbolContext =>
            {
                if (symbolContext.Symbol is INamedTypeSymbol type && inspector.Facts.IsDurableClass(type))
                {
                    StartDurableClass(symbolContext, type, inspector);
                }
            },
            SymbolKind.NamedType);
    }

    private static void AnalyzeOutsideDurableClass(OperationAnalysisContext context, DurableCodeInspector inspector)
    {
        ISymbol member = ContextMember(context.ContainingSymbol);
        if (inspector.Facts.IsDurableClass(member.ContainingType))
        {
            return;
        }

        List<DurableFinding>? findings = null;
        inspector.FindStateChanges(context.Operation, context.Options, ref findings);
        if (findings is null)
        {
            return;
        }

        foreach (DurableFinding finding in findings)
        {
            if (finding.Receiver != DurableReceiverKind.InitializedObject)
            {
                context.ReportDiagnostic(finding.ToDiagnostic(NotAnOperationOf(member, finding.Owner)));
            }
        }
    }

    private static void StartDurableClass(SymbolStartAnalysisContext context, INamedTypeSymbol type, DurableCodeInspector inspector)
    {
        var scope = new DurableTypeScope(type, inspector.Facts);
        context.RegisterOperationAction(
            operationContext => AnalyzeInDurableClass(operationContext, scope, inspector),
            DurableCodeInspector.StateChangeKinds.AddRange(DurableCodeInspector.InsideOperationKinds));
        context.RegisterSymbolEndAction(endContext =>
        {
            foreach (Diagnostic diagnostic in scope.Complete(endContext.CancellationToken))
            {
                endContext.ReportDiagnostic(diagnostic);
            }
        });
    }

    private static void AnalyzeInDurableClass(OperationAnalysisContext context, DurableTypeScope scope, DurableCodeInspector inspector)
    {
        ISymbol member = ContextMember(context.ContainingSymbol);
        RecordHelperUse(context.Operation, member, scope);

        // Nested types are judged by their own (non-durable) rules; only the use of helpers above matters here.
        if (!SymbolEqualityComparer.Default.Equals(member.ContainingType, scope.Type))
        {
            return;
        }

        List<DurableFinding>? findings = null;
        inspector.FindStateChanges(context.Operation, context.Options, ref findings);
        bool isOperation = scope.IsOperation(member);
        bool isHelper = member is IMethodSymbol method && scope.IsHelperCandidate(method);
        if (isOperation || isHelper)
        {
            inspector.FindInsideOperationOnly(context.Operation, scope.Type, ref findings);
        }

        if (findings is null)
        {
            return;
        }

        foreach (DurableFinding finding in findings)
        {
            if (finding.Kind == DurableFindingKind.InsideOperationOnly)
            {
                if (isOperation)
                {
                    string operation = "operation '" + member.Name + "'";
                    context.ReportDiagnostic(finding.ToDiagnostic(finding.ContextArgument == 0 ? "Operation '" + member.Name + "'" : operation));
                }
                else
                {
                    scope.AddPending((IMethodSymbol)member, finding);
                }

                continue;
            }

            if (finding.Receiver == DurableReceiverKind.InitializedObject)
            {
                continue;
            }

            if (!SymbolEqualityComparer.Default.Equals(finding.Owner, scope.Type))
            {
                context.ReportDiagnostic(finding.ToDiagnostic(NotAnOperationOf(member, finding.Owner)));
            }
            else if (finding.Receiver == DurableReceiverKind.OtherInstance)
            {
                context.ReportDiagnostic(finding.ToDiagnostic(
                    "it goes through another instance of '" + scope.Type.Name + "', and an operation logs only for its own instance ('this')"));
            }
            else if (isOperation || scope.IsInitializationOrSetter(member))
            {
                // Inside the operation, unless it sits in a function the operation hands out to run later.
                if (isOperation && DeferredFunctionEscape.Find(context.Operation) is { } deferred)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DurablyDiagnostics.DeferredStateChange, finding.Location, deferred.Function, "operation '" + member.Name + "'", deferred.How));
                }

                continue;
            }
            else if (isHelper)
            {
                // A helper's function that is stored or subscribed runs later whoever called the helper.
                if (DeferredFunctionEscape.Find(context.Operation, returnEscapes: false) is { } deferred)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DurablyDiagnostics.DeferredStateChange, finding.Location, deferred.Function, "'" + member.Name + "'", deferred.How));
                }

                scope.AddPending((IMethodSymbol)member, finding);
            }
            else
            {
                context.ReportDiagnostic(finding.ToDiagnostic(NotAnOperation(member)));
            }
        }
    }

    private static void RecordHelperUse(IOperation operation, ISymbol caller, DurableTypeScope scope)
    {
        switch (operation)
        {
            case IInvocationOperation invocation when scope.IsHelperCandidate(Definition(invocation.TargetMethod)):
                scope.AddReference(
                    Definition(invocation.TargetMethod),
                    caller,
                    DurableStorageRoot.ReceiverKind(invocation.Instance) == DurableReceiverKind.OtherInstance
                        ? HelperReferenceKind.CallOnOtherInstance
                        : HelperReferenceKind.CallOnThis);
                break;
            case IMethodReferenceOperation reference when scope.IsHelperCandidate(Definition(reference.Method)):
                scope.AddReference(Definition(reference.Method), caller, HelperReferenceKind.Delegate);
                break;
        }
    }

    private static IMethodSymbol Definition(IMethodSymbol method)
    {
        IMethodSymbol definition = method.OriginalDefinition;
        return definition.PartialDefinitionPart ?? definition;
    }

    /// <summary>The member whose body holds the code: lambdas and local functions belong to their member.</summary>
    private static ISymbol ContextMember(ISymbol symbol)
    {
        while (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } && symbol.ContainingSymbol is { } outer)
        {
            symbol = outer;
        }

        return symbol is IMethodSymbol method ? Definition(method) : symbol;
    }

    private static string NotAnOperation(ISymbol member) =>
        "'" + DurableSymbolDisplay.Describe(member) + "' is not an operation";

    private static string NotAnOperationOf(ISymbol member, INamedTypeSymbol owner) =>
        "'" + DurableSymbolDisplay.Describe(member) + "' is not an operation of '" + owner.Name + "'";
}
