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

/// <summary>DS0006: makes an operation <c>private</c>; callers switch to the generated entry point.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeOperationPrivateCodeFix)), Shared]
public sealed class MakeOperationPrivateCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, stable across versions.</summary>
    public const string EquivalenceKey = "Durably.MakeOperationPrivate";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DurablyDiagnostics.OperationNotPrivate.Id];

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
                "Make the operation private",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(
                    root.ReplaceNode(method, ModifierEdits.WithAccessibility(method, SyntaxKind.PrivateKeyword)))),
                EquivalenceKey),
            context.Diagnostics);
    }
}
