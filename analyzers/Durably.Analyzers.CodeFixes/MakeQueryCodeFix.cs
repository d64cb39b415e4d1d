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

namespace Durably.Analyzers.CodeFixes;

/// <summary>
/// DS0012: turns a public member that reads durable state into a query: <c>public T Xxx(...)</c>
/// becomes <c>[Query] private T XxxCore(...)</c>, and the generator emits the public <c>Xxx</c>
/// that runs it under the store's read lock, so callers do not change.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeQueryCodeFix)), Shared]
public sealed class MakeQueryCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, stable across versions.</summary>
    public const string EquivalenceKey = "Durably.MakeQuery";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DurablyDiagnostics.UnsynchronizedRead.Id];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(UnsynchronizedReadAnalyzer.QueryFixProperty, out string? name)
                || name is null
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || node.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => m is MethodDeclarationSyntax or PropertyDeclarationSyntax) is not { } member
                || IdentifierOf(member).ValueText != name)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Make '" + name + "' a query (private " + name + DurableSymbolNames.QuerySuffix + ", generated " + name + " takes the read lock)",
                    cancellationToken => MakeQueryAsync(context.Document, root, member, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> MakeQueryAsync(Document document, SyntaxNode root, MemberDeclarationSyntax member, CancellationToken cancellationToken)
    {
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        string attributeName = model is not null && model.LookupNamespacesAndTypes(member.SpanStart, name: "QueryAttribute")
            .Any(s => s.ToDisplayString() == DurableSymbolNames.QueryAttribute)
            ? "Query"
            : "global::Durably.Query";

        SyntaxToken identifier = IdentifierOf(member);
        SyntaxToken renamed = SyntaxFactory.Identifier(identifier.LeadingTrivia, identifier.ValueText + DurableSymbolNames.QuerySuffix, identifier.TrailingTrivia);
        MemberDeclarationSyntax edited = member.ReplaceToken(identifier, renamed);
        edited = ModifierEdits.WithAccessibility(edited, SyntaxKind.PrivateKeyword);

        // The attribute takes the member's leading trivia (doc comment, indentation); the member keeps its indentation.
        SyntaxTriviaList leading = edited.GetLeadingTrivia();
        SyntaxTriviaList indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading.Last())
            : SyntaxFactory.TriviaList();
        SyntaxTrivia endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { } found && found.IsKind(SyntaxKind.EndOfLineTrivia)
            ? found
            : SyntaxFactory.EndOfLine("\n");
        AttributeListSyntax attribute = SyntaxFactory.AttributeList(
                SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName(attributeName))))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(endOfLine);
        edited = edited.WithLeadingTrivia(indentation);
        edited = edited.WithAttributeLists(edited.AttributeLists.Insert(0, attribute));
        return document.WithSyntaxRoot(root.ReplaceNode(member, edited));
    }

    private static SyntaxToken IdentifierOf(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax method => method.Identifier,
        PropertyDeclarationSyntax property => property.Identifier,
        _ => default,
    };
}
