using System.Collections.Immutable;
using System.Linq;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Durably.Analyzers;

/// <summary>
/// DS0009: a non-private member of a <c>[DurableState]</c> class that hands out a durable
/// collection as a mutable collection type, through which callers could change it unlogged; DS0013:
/// the same for any other object whose type can be changed (settable members, writable fields).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MutableStateEscapeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [DurablyDiagnostics.MutableStateEscapes, DurablyDiagnostics.MutableObjectEscapes];

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

            start.RegisterSymbolAction(symbolContext => AnalyzeMember(symbolContext, facts), SymbolKind.Field, SymbolKind.Property);
            start.RegisterOperationAction(operationContext => AnalyzeReturn(operationContext, facts), OperationKind.Return);
        });
    }

    /// <summary>A non-private field or auto-property is itself the durable member, handed out as it is.</summary>
    private static void AnalyzeMember(SymbolAnalysisContext context, DurableCompilationFacts facts)
    {
        ISymbol member = context.Symbol;
        if (!facts.IsDurableMember(member) || member.IsImplicitlyDeclared)
        {
            return;
        }

        ITypeSymbol type;
        Location? location;
        switch (member)
        {
            case IFieldSymbol { IsConst: false } field when field.DeclaredAccessibility != Accessibility.Private:
                type = field.Type;
                location = field.Locations.Length > 0 ? field.Locations[0] : null;
                break;
            case IPropertySymbol { GetMethod: { } getter } property
                when getter.DeclaredAccessibility != Accessibility.Private && IsAutoProperty(property):
                type = property.Type;
                location = property.Locations.Length > 0 ? property.Locations[0] : null;
                break;
            default:
                return;
        }

        if (location is null)
        {
            return;
        }

        if (!MutableCollectionShape.TryClassify(type, context.Compilation, out MutableCollectionShape shape))
        {
            if (ImmutableTypeFacts.WhyCertainlyMutable(type) is { } reason)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DurablyDiagnostics.MutableObjectEscapes,
                    location,
                    DurableSymbolDisplay.Describe(member),
                    member.Name,
                    type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                    reason));
            }
        }
        else
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DurablyDiagnostics.MutableStateEscapes,
                location,
                DurableSymbolDisplay.Describe(member),
                member.Name,
                type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                shape.Suggestion));
        }
    }

    /// <summary>A non-private method or getter that returns a durable collection (or one held in durable state).</summary>
    private static void AnalyzeReturn(OperationAnalysisContext context, DurableCompilationFacts facts)
    {
        var returnOperation = (IReturnOperation)context.Operation;
        if (returnOperation.ReturnedValue is not { } value
            || context.ContainingSymbol is not IMethodSymbol { RefKind: RefKind.None } member
            || member.DeclaredAccessibility == Accessibility.Private
            || member.MethodKind is not (MethodKind.Ordinary or MethodKind.PropertyGet)
            || !facts.IsDurableClass(member.ContainingType)
            || IsInsideFunction(returnOperation)
            || !DurableStorageRoot.TryFind(StripConversions(value), facts, throughReference: true, out DurableStorageRoot root)
            || DurableStorageRoot.ReceiverKind(root.Instance) is not (DurableReceiverKind.This or DurableReceiverKind.Static)
            || !SymbolEqualityComparer.Default.Equals(root.Member.ContainingType, member.ContainingType))
        {
            return;
        }

        ISymbol exposing = member.AssociatedSymbol ?? member;
        if (!MutableCollectionShape.TryClassify(member.ReturnType, context.Compilation, out MutableCollectionShape shape))
        {
            if (ImmutableTypeFacts.WhyCertainlyMutable(member.ReturnType) is { } reason)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DurablyDiagnostics.MutableObjectEscapes,
                    value.Syntax.GetLocation(),
                    DurableSymbolDisplay.Describe(exposing),
                    root.Member.Name,
                    member.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                    reason));
            }

            return;
        }

        // The fix turns the member into a query returning the copy: only when the member can be one
        // and the copy is its only result.
        bool fixable = UnsynchronizedReadAnalyzer.CanBecomeQuery(exposing, resultChanges: true) && HasSingleResult(member);
        context.ReportDiagnostic(Diagnostic.Create(
            DurablyDiagnostics.MutableStateEscapes,
            value.Syntax.GetLocation(),
            fixable ? shape.ToProperties() : ImmutableDictionary<string, string?>.Empty,
            DurableSymbolDisplay.Describe(exposing),
            root.Member.Name,
            member.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            shape.Suggestion));
    }

    /// <summary>True when the method or getter returns one expression: an expression body, or a body with one return statement.</summary>
    private static bool HasSingleResult(IMethodSymbol member)
    {
        if (member.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        SyntaxNode declaration = member.DeclaringSyntaxReferences[0].GetSyntax();
        SyntaxNode? body = declaration switch
        {
            MethodDeclarationSyntax method => (SyntaxNode?)method.ExpressionBody ?? method.Body,
            AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.ExpressionBody ?? accessor.Body,
            ArrowExpressionClauseSyntax arrow => arrow,
            _ => null,
        };

        return body switch
        {
            ArrowExpressionClauseSyntax => true,
            BlockSyntax block => block.DescendantNodes(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<ReturnStatementSyntax>().Count() == 1,
            _ => false,
        };
    }

    private static IOperation StripConversions(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static bool IsInsideFunction(IOperation operation)
    {
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAutoProperty(IPropertySymbol property)
    {
        foreach (ISymbol member in property.ContainingType.GetMembers())
        {
            if (member is IFieldSymbol { IsImplicitlyDeclared: true } field
                && SymbolEqualityComparer.Default.Equals(field.AssociatedSymbol, property))
            {
                foreach (SyntaxReference reference in property.DeclaringSyntaxReferences)
                {
                    // A getter with a body that uses 'field' also has a backing field; it is judged by its returns.
                    if (reference.GetSyntax() is PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors }
                        && accessors.Accessors.All(accessor => accessor.Body is null && accessor.ExpressionBody is null))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
