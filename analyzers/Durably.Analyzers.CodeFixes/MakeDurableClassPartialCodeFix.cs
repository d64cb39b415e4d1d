using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durably.Analyzers.CodeFixes;

/// <summary>DS0005: adds <c>partial</c> to a <c>[DurableState]</c> class.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeDurableClassPartialCodeFix)), Shared]
public sealed class MakeDurableClassPartialCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, stable across versions.</summary>
    public const string EquivalenceKey = "Durably.MakeDurableClassPartial";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DurablyDiagnostics.DurableClassNotPartial.Id];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent is not TypeDeclarationSyntax declaration)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Make the class partial",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(
                    root.ReplaceNode(declaration, ModifierEdits.AddLast(declaration, SyntaxKind.PartialKeyword)))),
                EquivalenceKey),
            context.Diagnostics);
    }
}
