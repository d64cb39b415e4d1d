using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durably.Analyzers.CodeFixes;

/// <summary>
/// Turns a member of a <c>[DurableState]</c> class into a query: <c>public T Xxx(...)</c> becomes
/// <c>[Query] private T XxxCore(...)</c>, whose generated public <c>Xxx</c> takes the read lock, so
/// callers do not change. Shared by the DS0012 and DS0009 fixes.
/// </summary>
internal static class QueryConversion
{
    /// <summary>How to spell the attribute at <paramref name="position"/>: <c>Query</c> when it is in scope, else fully qualified.</summary>
    public static async Task<string> AttributeNameAsync(Document document, int position, CancellationToken cancellationToken)
    {
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model is not null && model.LookupNamespacesAndTypes(position, name: "QueryAttribute")
            .Any(s => s.ToDisplayString() == DurableSymbolNames.QueryAttribute)
            ? "Query"
            : "global::Durably.Query";
    }

    /// <summary>The member renamed to <c>XxxCore</c>, made private and marked <c>[Query]</c>; its doc comment moves above the attribute.</summary>
    public static MemberDeclarationSyntax ToQuery(MemberDeclarationSyntax member, SyntaxNode root, string attributeName)
    {
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
        return edited.WithAttributeLists(edited.AttributeLists.Insert(0, attribute));
    }

    /// <summary>The name of a method or property declaration.</summary>
    public static SyntaxToken IdentifierOf(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax method => method.Identifier,
        PropertyDeclarationSyntax property => property.Identifier,
        _ => default,
    };
}
