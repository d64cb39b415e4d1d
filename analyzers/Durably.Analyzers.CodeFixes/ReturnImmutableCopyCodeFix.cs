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
/// DS0009: turns the member into a private <c>[Query] XxxCore</c> that returns an immutable copy of
/// the durable collection (<c>[.. _items]</c> into an <c>ImmutableArray&lt;T&gt;</c>, say), taken under
/// the store's read lock; the generated public <c>Xxx</c> keeps the callers' name. A read-only view
/// would not do: it is the live collection, read outside the lock (DS0012).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReturnImmutableCopyCodeFix)), Shared]
public sealed class ReturnImmutableCopyCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, stable across versions.</summary>
    public const string EquivalenceKey = "Durably.ReturnImmutableCopy";

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
            if (!diagnostic.Properties.TryGetValue(MutableCollectionShape.ImmutableTypeProperty, out string? immutableType)
                || immutableType is null
                || !diagnostic.Properties.TryGetValue(MutableCollectionShape.CopyProperty, out string? copy)
                || copy is null
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value
                || Member(value) is not { } member
                || DeclaredType(member) is null)
            {
                continue;
            }

            string name = QueryConversion.IdentifierOf(member).ValueText;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Make '" + name + "' a query returning " + SyntaxFactory.ParseTypeName(immutableType).ToString().Replace("global::System.Collections.Immutable.", string.Empty),
                    cancellationToken => ApplyAsync(context.Document, member, value, immutableType, copy, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, MemberDeclarationSyntax member, ExpressionSyntax value, string immutableType, string copy, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        string attributeName = await QueryConversion.AttributeNameAsync(document, member.SpanStart, cancellationToken).ConfigureAwait(false);
        TypeSyntax declared = DeclaredType(member)!;
        TypeSyntax replacementType = SyntaxFactory.ParseTypeName(immutableType)
            .WithTriviaFrom(declared)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        ExpressionSyntax replacementValue = Copy(value, copy);

        MemberDeclarationSyntax edited = member.ReplaceNodes(
            new SyntaxNode[] { declared, value },
            (original, _) => original == declared ? replacementType : replacementValue);
        root = root.ReplaceNode(member, QueryConversion.ToQuery(edited, root, attributeName));
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

    private static ExpressionSyntax Copy(ExpressionSyntax value, string template)
    {
        ExpressionSyntax copy = SyntaxFactory.ParseExpression(template);
        IdentifierNameSyntax placeholder = copy.DescendantNodesAndSelf()
            .OfType<IdentifierNameSyntax>()
            .First(identifier => identifier.Identifier.ValueText == MutableCollectionShape.ValuePlaceholder);
        ExpressionSyntax inner = value.WithoutTrivia();
        if (inner is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or InvocationExpressionSyntax or ThisExpressionSyntax))
        {
            inner = SyntaxFactory.ParenthesizedExpression(inner);
        }

        return copy.ReplaceNode(placeholder, inner)
            .WithTriviaFrom(value)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }

    /// <summary>The method or property the value is returned from (not a lambda's or local function's).</summary>
    private static MemberDeclarationSyntax? Member(ExpressionSyntax value)
    {
        foreach (SyntaxNode ancestor in value.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return null;
                case MethodDeclarationSyntax or PropertyDeclarationSyntax:
                    return (MemberDeclarationSyntax)ancestor;
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    private static TypeSyntax? DeclaredType(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax method => method.ReturnType,
        PropertyDeclarationSyntax property => property.Type,
        _ => null,
    };
}
