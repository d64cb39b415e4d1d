using System.Collections.Immutable;
using System.Linq;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durably.Analyzers;

/// <summary>
/// DS0012: a non-private member of a <c>[DurableState]</c> class that reads durable state outside
/// the store's lock: directly, or through the private helpers it calls. Operations, queries,
/// constructors and <c>Read(...)</c> lambdas run under the lock (or before the store exists) and
/// read freely. One diagnostic per member, at its first unsynchronized read. Members of nested types
/// that callers outside the class can reach are judged the same way. DS0015: what a <c>Read(...)</c>
/// lambda returns outlives the lock, so its type must be one that cannot change (as a query's result).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsynchronizedReadAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: present when the member can be turned into a <c>[Query]</c> by the code fix.</summary>
    public const string QueryFixProperty = "QueryFix";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DurablyDiagnostics.UnsynchronizedRead, DurablyDiagnostics.ReadResultMutable];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (DurableCompilationFacts.For(start.Compilation) is not { } facts)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext => AnalyzeStateMember(symbolContext, facts), SymbolKind.Field, SymbolKind.Property);
            start.RegisterOperationAction(operationContext => AnalyzeReadResult(operationContext, facts), OperationKind.Invocation);
            var inspector = new DurableCodeInspector(facts);
            start.RegisterSymbolStartAction(
                symbolContext =>
                {
                    if (symbolContext.Symbol is not INamedTypeSymbol type)
                    {
                        return;
                    }

                    if (facts.IsDurableClass(type))
                    {
                        StartDurableClass(symbolContext, type, type, inspector);
                    }
                    else if (EnclosingDurableClass(type, facts) is { } outer)
                    {
                        // A nested type's code is not part of its enclosing type's analysis: it gets its own graph.
                        StartDurableClass(symbolContext, outer, type, inspector);
                    }
                },
                SymbolKind.NamedType);
        });
    }

    /// <summary>A non-private durable field, or an auto-property with a non-private getter, is itself an unsynchronized read.</summary>
    private static void AnalyzeStateMember(SymbolAnalysisContext context, DurableCompilationFacts facts)
    {
        ISymbol member = context.Symbol;
        bool reachable = member switch
        {
            IFieldSymbol field => field.DeclaredAccessibility != Accessibility.Private,
            IPropertySymbol { GetMethod: { } getter } => getter.DeclaredAccessibility != Accessibility.Private,
            _ => false,
        };

        if (!reachable || member.IsImplicitlyDeclared || !UnsynchronizedReadGraph.IsRacyState(member, facts) || member.Locations.Length == 0 || !member.Locations[0].IsInSource)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DurablyDiagnostics.UnsynchronizedRead,
            member.Locations[0],
            DurableSymbolDisplay.Describe(member),
            member.Name,
            string.Empty,
            member.Name));
    }

    /// <summary>DS0015: the result of a <c>Read(...)</c> call is used after the read lock is released.</summary>
    private static void AnalyzeReadResult(OperationAnalysisContext context, DurableCompilationFacts facts)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!IsLockedRead(invocation.TargetMethod, facts)
            || ImmutableTypeFacts.WhyNotProvablyImmutable(invocation.TargetMethod.TypeArguments[0]) is not { } reason)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DurablyDiagnostics.ReadResultMutable,
            invocation.Syntax.GetLocation(),
            invocation.TargetMethod.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            reason));
    }

    /// <summary>The generated <c>Read&lt;TResult&gt;(Func&lt;TState, TResult&gt;)</c> of a durable class, or the store's.</summary>
    private static bool IsLockedRead(IMethodSymbol method, DurableCompilationFacts facts) =>
        method.Name == "Read"
        && method.TypeArguments.Length == 1
        && method.Parameters.Length == 1
        && method.Parameters[0].Type.TypeKind == TypeKind.Delegate
        && (facts.IsDurableClass(method.ContainingType) || IsStore(method.ContainingType));

    private static bool IsStore(INamedTypeSymbol? type) =>
        type is { Name: "DurableStore" } && type.ContainingAssembly?.Name == DurableCompilationFacts.RuntimeAssemblyName;

    private static INamedTypeSymbol? EnclosingDurableClass(INamedTypeSymbol type, DurableCompilationFacts facts)
    {
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (facts.IsDurableClass(outer))
            {
                return outer;
            }
        }

        return null;
    }

    private static void StartDurableClass(SymbolStartAnalysisContext context, INamedTypeSymbol type, INamedTypeSymbol scope, DurableCodeInspector inspector)
    {
        var graph = new UnsynchronizedReadGraph(type, scope, inspector.Facts);
        context.RegisterOperationAction(
            operationContext => Record(operationContext, graph),
            OperationKind.FieldReference,
            OperationKind.PropertyReference,
            OperationKind.Invocation,
            OperationKind.MethodReference);

        // A member that changes state outside an operation is already an error (DS0001, DS0002): its
        // reads are not reported again.
        context.RegisterOperationAction(
            operationContext => RecordStateChange(operationContext, graph, inspector),
            DurableCodeInspector.StateChangeKinds);
        context.RegisterSymbolEndAction(endContext =>
        {
            foreach (Diagnostic diagnostic in graph.Complete(endContext.CancellationToken))
            {
                endContext.ReportDiagnostic(diagnostic);
            }
        });
    }

    private static void Record(OperationAnalysisContext context, UnsynchronizedReadGraph graph)
    {
        if (ContextMember(context.ContainingSymbol) is not IMethodSymbol member
            || !graph.Sees(member.ContainingType)
            || IsInsideNameof(context.Operation)
            || IsInsideReadLambda(context.Operation, graph.Facts))
        {
            return;
        }

        switch (context.Operation)
        {
            case IFieldReferenceOperation field when !IsWriteOnly(field):
                if (graph.IsRacyState(field.Field))
                {
                    graph.AddRead(member, field.Field.OriginalDefinition, field.Syntax.GetLocation());
                }

                break;
            case IPropertyReferenceOperation property when !IsWriteOnly(property):
                IPropertySymbol definition = property.Property.OriginalDefinition;
                if (graph.IsRacyState(definition))
                {
                    graph.AddRead(member, definition, property.Syntax.GetLocation());
                }
                else if (definition.GetMethod is { } getter && graph.IsHelper(getter))
                {
                    graph.AddCall(member, getter, property.Syntax.GetLocation());
                }

                break;
            case IInvocationOperation invocation when graph.IsHelper(invocation.TargetMethod):
                graph.AddCall(member, invocation.TargetMethod, invocation.Syntax.GetLocation());
                break;
            case IMethodReferenceOperation reference when graph.IsHelper(reference.Method):
                graph.AddCall(member, reference.Method, reference.Syntax.GetLocation());
                break;
        }
    }

    private static void RecordStateChange(OperationAnalysisContext context, UnsynchronizedReadGraph graph, DurableCodeInspector inspector)
    {
        if (ContextMember(context.ContainingSymbol) is not IMethodSymbol member
            || !graph.Sees(member.ContainingType))
        {
            return;
        }

        System.Collections.Generic.List<DurableFinding>? findings = null;
        inspector.FindStateChanges(context.Operation, context.Options, ref findings);
        if (findings is not null && findings.Any(f => f.Kind != DurableFindingKind.InsideOperationOnly))
        {
            graph.AddStateChange(member);
        }
    }

    /// <summary>Assignment targets are changes (DS0001's concern), not reads; compound assignments are both and reported there.</summary>
    private static bool IsWriteOnly(IOperation reference) =>
        reference.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == reference,
            IIncrementOrDecrementOperation => true,
            _ => false,
        };

    private static bool IsInsideNameof(IOperation operation)
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

    /// <summary>True inside a lambda passed to the generated <c>Read(...)</c> (or the store's), which runs under the read lock.</summary>
    private static bool IsInsideReadLambda(IOperation operation, DurableCompilationFacts facts)
    {
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is not IAnonymousFunctionOperation)
            {
                continue;
            }

            IOperation? argument = current.Parent is IDelegateCreationOperation creation ? creation.Parent : current.Parent;
            if (argument is IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "Read" } read } }
                && (facts.IsDurableClass(read.ContainingType) || IsStore(read.ContainingType)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The member whose body holds the code: lambdas and local functions belong to their member.</summary>
    private static ISymbol ContextMember(ISymbol symbol)
    {
        while (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } && symbol.ContainingSymbol is { } outer)
        {
            symbol = outer;
        }

        return symbol is IMethodSymbol method ? method.PartialDefinitionPart ?? method.OriginalDefinition : symbol;
    }

    /// <summary>True when the code fix can turn <paramref name="member"/> into a query: a non-void instance method or a get-only property.</summary>
    /// <param name="member">The member.</param>
    /// <param name="resultChanges">True when the fix also changes the result type (to an immutable copy), so the current one is not judged.</param>
    internal static bool CanBecomeQuery(ISymbol member, bool resultChanges = false)
    {
        if (member.IsStatic || member.IsOverride || member.IsVirtual || member.IsAbstract)
        {
            return false;
        }

        foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not (MethodDeclarationSyntax or PropertyDeclarationSyntax))
            {
                return false;
            }
        }

        return member switch
        {
            IMethodSymbol method => method.MethodKind == MethodKind.Ordinary
                && method.ExplicitInterfaceImplementations.IsEmpty
                && !method.ReturnsVoid
                && !method.IsGenericMethod
                && !method.ReturnsByRef
                && !method.ReturnsByRefReadonly
                && method.Parameters.All(p => p.RefKind == RefKind.None)
                && (resultChanges || ImmutableTypeFacts.WhyNotProvablyImmutable(method.ReturnType) is null),
            IPropertySymbol property => property.SetMethod is null
                && !property.IsIndexer
                && property.ExplicitInterfaceImplementations.IsEmpty
                && (resultChanges || ImmutableTypeFacts.WhyNotProvablyImmutable(property.Type) is null),
            _ => false,
        };
    }
}
