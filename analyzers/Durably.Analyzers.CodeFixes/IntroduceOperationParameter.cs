using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;

namespace Durably.Analyzers.CodeFixes;

/// <summary>
/// Moves a nondeterministic value out of an operation: the operation gets a parameter that carries
/// the value, the expression is replaced by the parameter, and every caller (the generated entry
/// point's callers, and operations calling it directly) passes the expression instead, so the value
/// is read once, before logging, and written into the record.
/// </summary>
internal static class IntroduceOperationParameter
{
    private static readonly string[] ValueSources =
    [
        "System.Random",
        "System.TimeProvider",
        "System.Diagnostics.Stopwatch",
        "System.Security.Cryptography.RandomNumberGenerator",
    ];

    /// <summary>The expression to move for a DS0004 diagnostic at <paramref name="flagged"/>, if it can be moved without changing meaning.</summary>
    public static async Task<(ExpressionSyntax Value, IMethodSymbol Operation)?> PlanAsync(Document document, SyntaxNode flagged, CancellationToken cancellationToken)
    {
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || flagged is not ExpressionSyntax expression || expression is AwaitExpressionSyntax)
        {
            return null;
        }

        // Random.Shared.Next(1, 7): the value is the call, not the generator it is called on.
        while (IsValueSource(model.GetTypeInfo(expression, cancellationToken).Type)
            && expression.Parent is MemberAccessExpressionSyntax access
            && access.Expression == expression)
        {
            expression = access.Parent is InvocationExpressionSyntax invocation && invocation.Expression == access ? invocation : access;
        }

        ITypeSymbol? type = model.GetTypeInfo(expression, cancellationToken).Type;
        if (type is null || type.SpecialType == SpecialType.System_Void || type.TypeKind == TypeKind.Error || IsValueSource(type))
        {
            return null;
        }

        MethodDeclarationSyntax? method = null;
        foreach (SyntaxNode ancestor in expression.Ancestors())
        {
            if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax
                or ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
            {
                // Evaluated more than once (or later): one logged value would change what the code does.
                return null;
            }

            if (ancestor is MethodDeclarationSyntax declaration)
            {
                method = declaration;
                break;
            }
        }

        if (method is null
            || model.GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol operation
            || !DurableSymbolFacts.IsOperation(operation)
            || !IsSelfContained(expression, model))
        {
            return null;
        }

        return (expression, operation);
    }

    /// <summary>Applies the move planned by <see cref="PlanAsync"/>.</summary>
    public static async Task<Solution> ApplyAsync(Document document, ExpressionSyntax value, IMethodSymbol operation, CancellationToken cancellationToken)
    {
        SemanticModel model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
        var method = (MethodDeclarationSyntax)operation.DeclaringSyntaxReferences
            .Select(reference => reference.GetSyntax(cancellationToken))
            .First(syntax => syntax is MethodDeclarationSyntax declaration && declaration.Span.Contains(value.Span));
        ITypeSymbol type = model.GetTypeInfo(value, cancellationToken).Type!;
        string name = UniqueName(SuggestName(value, model, cancellationToken), method, model);
        int ordinal = InsertionOrdinal(operation);

        Solution solution = document.Project.Solution;
        var callers = new List<(DocumentId Document, InvocationExpressionSyntax Invocation, IMethodSymbol Target)>();
        await AddCallersAsync(operation, solution, callers, cancellationToken).ConfigureAwait(false);
        foreach (ISymbol member in operation.ContainingType.GetMembers(DurableSymbolFacts.GetEntryPointName(operation)))
        {
            if (member is IMethodSymbol entryPoint && DurableSymbolFacts.FindOperationOfEntryPoint(entryPoint) is { } found
                && SymbolEqualityComparer.Default.Equals(found, operation))
            {
                await AddCallersAsync(entryPoint, solution, callers, cancellationToken).ConfigureAwait(false);
            }
        }

        var editor = new SolutionEditor(solution);
        DocumentEditor operationEditor = await editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
        ParameterSyntax parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
            .WithType(SyntaxFactory.ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation));
        operationEditor.ReplaceNode(method.ParameterList, method.ParameterList.WithParameters(method.ParameterList.Parameters.Insert(ordinal, parameter)));
        operationEditor.ReplaceNode(value, SyntaxFactory.IdentifierName(name).WithTriviaFrom(value));

        ExpressionSyntax argumentValue = value.WithoutTrivia();
        foreach ((DocumentId documentId, InvocationExpressionSyntax invocation, IMethodSymbol target) in callers)
        {
            DocumentEditor callerEditor = await editor.GetDocumentEditorAsync(documentId, cancellationToken).ConfigureAwait(false);
            callerEditor.ReplaceNode(invocation, (current, _) =>
            {
                var call = (InvocationExpressionSyntax)current;
                return call.WithArgumentList(WithArgument(call.ArgumentList, argumentValue, name, ordinal));
            });
        }

        Solution changed = editor.GetChangedSolution();
        foreach (DocumentId id in changed.GetChanges(solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()))
        {
            Document updated = await Simplifier.ReduceAsync(changed.GetDocument(id)!, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            changed = updated.Project.Solution;
        }

        return changed;
    }

    private static async Task AddCallersAsync(
        IMethodSymbol method,
        Solution solution,
        List<(DocumentId Document, InvocationExpressionSyntax Invocation, IMethodSymbol Target)> callers,
        CancellationToken cancellationToken)
    {
        foreach (ReferencedSymbol referenced in await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false))
        {
            foreach (ReferenceLocation location in referenced.Locations)
            {
                // Generated code (the entry point's own call of the operation) is regenerated from the new signature.
                if (location.Document is SourceGeneratedDocument || await IsGeneratedAsync(location.Document, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                SyntaxNode? root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                SyntaxNode? node = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                InvocationExpressionSyntax? invocation = node?.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
                if (invocation is not null && invocation.Expression.Span.Contains(location.Location.SourceSpan))
                {
                    callers.Add((location.Document.Id, invocation, method));
                }
            }
        }
    }

    private static async Task<bool> IsGeneratedAsync(Document document, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is not null
            && root.GetLeadingTrivia().Any(trivia => trivia.IsKind(SyntaxKind.SingleLineCommentTrivia)
                && trivia.ToString().IndexOf("<auto-generated", StringComparison.Ordinal) >= 0);
    }

    private static ArgumentListSyntax WithArgument(ArgumentListSyntax arguments, ExpressionSyntax value, string name, int ordinal)
    {
        SeparatedSyntaxList<ArgumentSyntax> list = arguments.Arguments;
        bool positional = list.Count >= ordinal && list.Take(ordinal).All(argument => argument.NameColon is null);
        if (positional)
        {
            return arguments.WithArguments(list.Insert(ordinal, SyntaxFactory.Argument(value)));
        }

        return arguments.WithArguments(list.Add(SyntaxFactory.Argument(SyntaxFactory.NameColon(name), default, value)));
    }

    /// <summary>After the required parameters, before optional and params ones (the entry point appends its token last).</summary>
    private static int InsertionOrdinal(IMethodSymbol operation)
    {
        int ordinal = operation.Parameters.Length;
        while (ordinal > 0 && (operation.Parameters[ordinal - 1].IsOptional || operation.Parameters[ordinal - 1].IsParams))
        {
            ordinal--;
        }

        return ordinal;
    }

    private static bool IsSelfContained(ExpressionSyntax expression, SemanticModel model)
    {
        DataFlowAnalysis? flow = model.AnalyzeDataFlow(expression);
        if (flow is null || !flow.Succeeded || !flow.ReadInside.IsEmpty || !flow.WrittenInside.IsEmpty)
        {
            return false;
        }

        foreach (SyntaxNode node in expression.DescendantNodesAndSelf())
        {
            if (node is ThisExpressionSyntax or BaseExpressionSyntax)
            {
                return false;
            }

            if (node is SimpleNameSyntax simple
                && model.GetSymbolInfo(simple).Symbol is { IsStatic: false } symbol
                && symbol.Kind is SymbolKind.Field or SymbolKind.Property or SymbolKind.Method or SymbolKind.Event
                && !(simple.Parent is MemberAccessExpressionSyntax access && access.Name == simple))
            {
                // An instance member reached through the implicit 'this'.
                return false;
            }
        }

        return true;
    }

    private static bool IsValueSource(ITypeSymbol? type) =>
        type is not null && ValueSources.Contains(type.OriginalDefinition.ToDisplayString(), StringComparer.Ordinal);

    private static string SuggestName(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
    {
        ISymbol? symbol = model.GetSymbolInfo(value, cancellationToken).Symbol;
        string? sourceType = symbol?.ContainingType?.OriginalDefinition.ToDisplayString();
        if (sourceType is "System.Random" or "System.Security.Cryptography.RandomNumberGenerator")
        {
            return "randomValue";
        }

        string member = symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } || symbol is null
            ? model.GetTypeInfo(value, cancellationToken).Type?.Name ?? "value"
            : symbol.Name;
        foreach (string prefix in new[] { "Get", "New", "Create" })
        {
            if (member.Length > prefix.Length && member.StartsWith(prefix, StringComparison.Ordinal) && char.IsUpper(member[prefix.Length]))
            {
                member = member.Substring(prefix.Length);
                break;
            }
        }

        string name = char.ToLowerInvariant(member[0]) + member.Substring(1);
        return SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None && SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.None
            ? name
            : "@" + name;
    }

    private static string UniqueName(string name, MethodDeclarationSyntax method, SemanticModel model)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (ParameterSyntax parameter in method.ParameterList.Parameters)
        {
            taken.Add(parameter.Identifier.ValueText);
        }

        foreach (SyntaxNode node in method.DescendantNodes())
        {
            if (node is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or LocalFunctionStatementSyntax or ParameterSyntax)
            {
                SyntaxToken identifier = node switch
                {
                    VariableDeclaratorSyntax variable => variable.Identifier,
                    SingleVariableDesignationSyntax designation => designation.Identifier,
                    LocalFunctionStatementSyntax function => function.Identifier,
                    _ => ((ParameterSyntax)node).Identifier,
                };
                taken.Add(identifier.ValueText);
            }
        }

        foreach (ISymbol member in model.LookupSymbols(method.Body?.SpanStart ?? method.SpanStart))
        {
            if (member.Kind is SymbolKind.Field or SymbolKind.Property or SymbolKind.Method)
            {
                taken.Add(member.Name);
            }
        }

        string candidate = name;
        for (int suffix = 2; taken.Contains(candidate.TrimStart('@')); suffix++)
        {
            candidate = name + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
