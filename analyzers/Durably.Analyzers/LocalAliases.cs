using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Durably.Analyzers;

/// <summary>
/// Locals that stand for a value held in durable state: <c>var list = _items;</c>,
/// <c>foreach (var order in _orders)</c>, <c>_byKey.TryGetValue(k, out var list)</c>. A change made
/// through such a local is a change of durable state. Only locals that are never reassigned are
/// followed, so a local that later points elsewhere is never blamed.
/// </summary>
internal static class LocalAliases
{
    /// <summary>The expression whose value <paramref name="reference"/>'s local holds, if it is one of the recognised forms.</summary>
    public static IOperation? FindAliasedValue(ILocalReferenceOperation reference, DurableCompilationFacts facts, int depth)
    {
        ILocalSymbol local = reference.Local;
        if (local.IsRef || reference.SemanticModel is not { } model || local.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        SyntaxNode declaration = local.DeclaringSyntaxReferences[0].GetSyntax();
        if (declaration.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        IOperation? source = declaration switch
        {
            VariableDeclaratorSyntax { Initializer: { } initializer } when declaration.Parent?.Parent is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 }
                => model.GetOperation(initializer.Value),
            ForEachStatementSyntax forEach => (model.GetOperation(forEach) as IForEachLoopOperation)?.Collection,
            SingleVariableDesignationSyntax { Parent: DeclarationExpressionSyntax { Parent: ArgumentSyntax argument } } when argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword)
                => OutArgumentSource(model.GetOperation(argument) as IArgumentOperation),
            _ => null,
        };

        if (source is null)
        {
            return null;
        }

        // The cheap question first: only a local that holds durable state is worth the scan for reassignments.
        source = Unwrap(source);
        return DurableStorageRoot.TryFind(source, facts, throughReference: true, out _, depth + 1) && !IsReassigned(local, declaration, model)
            ? source
            : null;
    }

    /// <summary>For <c>receiver.TryGetValue(key, out var value)</c>: the receiver (the first argument of an extension call).</summary>
    private static IOperation? OutArgumentSource(IArgumentOperation? argument)
    {
        if (argument?.Parent is not IInvocationOperation invocation)
        {
            return null;
        }

        if (invocation.Instance is { } instance)
        {
            return instance;
        }

        return invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 && invocation.Arguments[0] != argument
            ? invocation.Arguments[0].Value
            : null;
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { Conversion.IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static bool IsReassigned(ILocalSymbol local, SyntaxNode declaration, SemanticModel model)
    {
        SyntaxNode? scope = declaration.Ancestors().FirstOrDefault(node => node is MemberDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)
            ?? declaration.SyntaxTree.GetRoot();
        foreach (SyntaxNode node in scope.DescendantNodes())
        {
            IdentifierNameSyntax? written = node switch
            {
                AssignmentExpressionSyntax { Left: IdentifierNameSyntax left } => left,
                ArgumentSyntax { Expression: IdentifierNameSyntax passed } argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword) => passed,
                RefExpressionSyntax { Expression: IdentifierNameSyntax referenced } => referenced,
                PrefixUnaryExpressionSyntax { Operand: IdentifierNameSyntax operand } => operand,
                PostfixUnaryExpressionSyntax { Operand: IdentifierNameSyntax operand } => operand,
                _ => null,
            };

            if (written is not null
                && written.Identifier.ValueText == local.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(written).Symbol, local))
            {
                return true;
            }
        }

        return false;
    }
}
