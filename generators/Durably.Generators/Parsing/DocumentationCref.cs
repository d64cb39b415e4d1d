using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Durably.Generators.Parsing;

/// <summary>
/// The <c>cref</c> through which a generated member inherits the documentation the user wrote on
/// the operation or query it wraps (<c>&lt;inheritdoc cref="..."/&gt;</c>).
/// </summary>
internal static class DocumentationCref
{
    private static readonly SymbolDisplayFormat CrefType = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Included,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.ExpandNullable);

    /// <summary>The cref of <paramref name="member"/> when it has a doc comment; null when it has none.</summary>
    public static string? Of(ISymbol member)
    {
        if (!HasDocumentationComment(member))
        {
            return null;
        }

        if (member is not IMethodSymbol method || method.Parameters.IsEmpty)
        {
            return member.Name;
        }

        string[] types = method.Parameters.Select(p => p.Type.ToDisplayString(CrefType)).ToArray();

        // Tuples and pointers have no cref spelling; the name alone names the method unless it is overloaded.
        if (types.Any(t => t.IndexOf('(') >= 0 || t.IndexOf('*') >= 0))
        {
            return method.ContainingType.GetMembers(method.Name).Length == 1 ? method.Name : null;
        }

        string parameters = string.Join(", ", types.Select((t, i) => RefPrefix(method.Parameters[i].RefKind) + t.Replace('<', '{').Replace('>', '}')));
        return method.Name + "(" + parameters + ")";
    }

    private static string RefPrefix(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        _ => string.Empty,
    };

    private static bool HasDocumentationComment(ISymbol member)
    {
        foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
        {
            foreach (SyntaxTrivia trivia in reference.GetSyntax().GetLeadingTrivia())
            {
                // Without documentation parsing (DocumentationMode.None) a doc comment is an ordinary comment.
                string text = trivia.ToString();
                if (trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia)
                    || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia)
                    || (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) && text.StartsWith("///", System.StringComparison.Ordinal) && !text.StartsWith("////", System.StringComparison.Ordinal)))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
