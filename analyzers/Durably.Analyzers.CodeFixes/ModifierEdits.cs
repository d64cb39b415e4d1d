using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durably.Analyzers.CodeFixes;

/// <summary>Edits of a member's modifier list that keep comments and indentation where they were.</summary>
internal static class ModifierEdits
{
    /// <summary>Replaces the accessibility modifiers with <paramref name="accessibility"/> (or inserts it first).</summary>
    public static MemberDeclarationSyntax WithAccessibility(MemberDeclarationSyntax member, SyntaxKind accessibility)
    {
        SyntaxTokenList modifiers = member.Modifiers;
        int first = -1;
        var kept = new System.Collections.Generic.List<SyntaxToken>();
        SyntaxTriviaList leading = default;
        for (int i = 0; i < modifiers.Count; i++)
        {
            if (IsAccessibility(modifiers[i].Kind()))
            {
                if (first < 0)
                {
                    first = kept.Count;
                    leading = modifiers[i].LeadingTrivia;
                }

                continue;
            }

            kept.Add(modifiers[i]);
        }

        if (first < 0)
        {
            return InsertFirst(member, accessibility);
        }

        kept.Insert(first, SyntaxFactory.Token(leading, accessibility, SyntaxFactory.TriviaList(SyntaxFactory.Space)));
        return member.WithModifiers(SyntaxFactory.TokenList(kept));
    }

    /// <summary>Removes one modifier, handing its leading trivia (indentation, comments) to the token after it.</summary>
    public static MemberDeclarationSyntax Without(MemberDeclarationSyntax member, SyntaxKind kind)
    {
        int index = member.Modifiers.IndexOf(kind);
        if (index < 0)
        {
            return member;
        }

        SyntaxToken removed = member.Modifiers[index];
        SyntaxToken next = removed.GetNextToken();
        MemberDeclarationSyntax moved = member.ReplaceToken(next, next.WithLeadingTrivia(removed.LeadingTrivia.AddRange(next.LeadingTrivia)));
        return moved.WithModifiers(moved.Modifiers.RemoveAt(index));
    }

    /// <summary>Adds a modifier as the last one (where <c>partial</c> must stand).</summary>
    public static MemberDeclarationSyntax AddLast(MemberDeclarationSyntax member, SyntaxKind kind)
    {
        if (member.Modifiers.Count == 0)
        {
            return InsertFirst(member, kind);
        }

        return member.WithModifiers(member.Modifiers.Add(SyntaxFactory.Token(SyntaxFactory.TriviaList(), kind, SyntaxFactory.TriviaList(SyntaxFactory.Space))));
    }

    private static MemberDeclarationSyntax InsertFirst(MemberDeclarationSyntax member, SyntaxKind kind)
    {
        // With no modifiers the declaration starts at its type or keyword, which carries the indentation.
        SyntaxToken firstToken = member.AttributeLists.Count > 0
            ? member.AttributeLists.Last().GetLastToken().GetNextToken()
            : member.GetFirstToken();
        SyntaxTriviaList leading = firstToken.LeadingTrivia;
        MemberDeclarationSyntax stripped = member.ReplaceToken(firstToken, firstToken.WithLeadingTrivia(SyntaxFactory.TriviaList()));
        SyntaxToken modifier = SyntaxFactory.Token(leading, kind, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return stripped.WithModifiers(SyntaxFactory.TokenList(modifier));
    }

    private static bool IsAccessibility(SyntaxKind kind) =>
        kind is SyntaxKind.PublicKeyword or SyntaxKind.InternalKeyword or SyntaxKind.ProtectedKeyword or SyntaxKind.PrivateKeyword;
}
