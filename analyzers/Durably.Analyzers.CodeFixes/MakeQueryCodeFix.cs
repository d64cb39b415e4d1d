using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
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
                || QueryConversion.IdentifierOf(member).ValueText != name)
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
        string attributeName = await QueryConversion.AttributeNameAsync(document, member.SpanStart, cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root.ReplaceNode(member, QueryConversion.ToQuery(member, root, attributeName)));
    }
}
