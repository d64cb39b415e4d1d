using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Durably.Analyzers.CodeFixes;

/// <summary>
/// DS0009: declares the member as the read-only collection interface and returns a read-only view
/// of the durable collection (so a caller cannot even cast it back).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExposeReadOnlyCollectionCodeFix)), Shared]
public sealed class ExposeReadOnlyCollectionCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, stable across versions.</summary>
    public const string EquivalenceKey = "Durably.ExposeReadOnlyCollection";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DurablyDiagnostics.MutableStateEscapes.Id];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(MutableCollectionShape.ReadOnlyTypeProperty, out string? readOnlyType)
                || readOnlyType is null
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value
                || DeclaredType(value) is null)
            {
                continue;
            }

            diagnostic.Properties.TryGetValue(MutableCollectionShape.WrapProperty, out string? wrap);
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Expose as " + SyntaxFactory.ParseTypeName(readOnlyType).ToString().Replace("global::", string.Empty),
                    cancellationToken => ApplyAsync(context.Document, value, readOnlyType, wrap, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ExpressionSyntax value, string readOnlyType, string? wrap, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        TypeSyntax declared = DeclaredType(value)!;
        TypeSyntax replacementType = SyntaxFactory.ParseTypeName(readOnlyType)
            .WithTriviaFrom(declared)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        ExpressionSyntax replacementValue = wrap is null ? value : Wrap(value, wrap);

        root = root.ReplaceNodes(
            new SyntaxNode[] { declared, value },
            (original, _) => original == declared ? replacementType : replacementValue);
        Document updated = document.WithSyntaxRoot(root);
        Document imported = await ImportAdder.AddImportsAsync(updated, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);

        // The import adder also reshapes the file's leading trivia when it adds nothing; keep its
        // result only when a using directive was actually added.
        if (UsingCount(await imported.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false)) > UsingCount(root))
        {
            updated = imported;
        }

        updated = await Simplifier.ReduceAsync(updated, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        updated = await Formatter.FormatAsync(updated, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(updated, imported))
        {
            // Reducing the annotated names can leave an empty line at the top of the file; the
            // file's own leading trivia is kept as the author wrote it.
            SyntaxNode reduced = (await updated.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            SyntaxToken first = reduced.GetFirstToken(includeZeroWidth: true);
            SyntaxTriviaList original = root.GetFirstToken(includeZeroWidth: true).LeadingTrivia;
            if (first.LeadingTrivia.ToFullString() != original.ToFullString())
            {
                updated = updated.WithSyntaxRoot(reduced.ReplaceToken(first, first.WithLeadingTrivia(original)));
            }
        }

        return updated;
    }

    private static int UsingCount(SyntaxNode? root) =>
        root is CompilationUnitSyntax unit
            ? unit.Usings.Count + unit.Members.OfType<BaseNamespaceDeclarationSyntax>().Sum(ns => ns.Usings.Count)
            : 0;

    private static ExpressionSyntax Wrap(ExpressionSyntax value, string template)
    {
        ExpressionSyntax wrapped = SyntaxFactory.ParseExpression(template);
        IdentifierNameSyntax placeholder = wrapped.DescendantNodesAndSelf()
            .OfType<IdentifierNameSyntax>()
            .First(identifier => identifier.Identifier.ValueText == MutableCollectionShape.ValuePlaceholder);
        ExpressionSyntax inner = value.WithoutTrivia();
        if (inner is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or InvocationExpressionSyntax or ThisExpressionSyntax))
        {
            inner = SyntaxFactory.ParenthesizedExpression(inner);
        }

        return wrapped.ReplaceNode(placeholder, inner)
            .WithTriviaFrom(value)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }

    /// <summary>The declared type of the method, property or indexer the value is returned from.</summary>
    private static TypeSyntax? DeclaredType(ExpressionSyntax value)
    {
        foreach (SyntaxNode ancestor in value.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return null;
                case MethodDeclarationSyntax method:
                    return method.ReturnType;
                case PropertyDeclarationSyntax property:
                    return property.Type;
                case IndexerDeclarationSyntax indexer:
                    return indexer.Type;
            }
        }

        return null;
    }
}
