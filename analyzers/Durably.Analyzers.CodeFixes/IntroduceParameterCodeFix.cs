using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Durably.Analyzers.CodeFixes;

/// <summary>DS0004: passes a nondeterministic value into the operation as a parameter.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IntroduceParameterCodeFix)), Shared]
public sealed class IntroduceParameterCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, stable across versions.</summary>
    public const string EquivalenceKey = "Durably.IntroduceOperationParameter";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DurablyDiagnostics.NondeterminismInOperation.Id];

    /// <inheritdoc/>
    /// <remarks>
    /// Not the batch fixer: each fix changes the operation's signature and its callers, so fixes
    /// in one operation must be applied one after another on the updated solution.
    /// </remarks>
    public override FixAllProvider GetFixAllProvider() => IntroduceParameterFixAllProvider.Instance;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode? flagged = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (flagged is null
                || await IntroduceOperationParameter.PlanAsync(context.Document, flagged, context.CancellationToken).ConfigureAwait(false) is not { } plan)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Pass '" + plan.Value + "' in as a parameter",
                    cancellationToken => IntroduceOperationParameter.ApplyAsync(context.Document, plan.Value, plan.Operation, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }
}
