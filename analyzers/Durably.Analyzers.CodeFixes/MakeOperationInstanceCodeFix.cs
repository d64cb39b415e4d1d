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

/// <summary>DS0007: removes <c>static</c> from an operation.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeOperationInstanceCodeFix)), Shared]
public sealed class MakeOperationInstanceCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, stable across versions.</summary>
    public const string EquivalenceKey = "Durably.MakeOperationInstance";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DurablyDiagnostics.OperationStatic.Id];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent is not MethodDeclarationSyntax method)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Make the operation an instance method",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(
                    root.ReplaceNode(method, ModifierEdits.Without(method, SyntaxKind.StaticKeyword)))),
                EquivalenceKey),
            context.Diagnostics);
    }
}
