using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Durably.Analyzers.CodeFixes;

/// <summary>
/// DS0200 and DS0201: rewrites (or creates) the project's <c>DurableSchema.lock</c> so it records
/// the code, exactly as <c>dotnet build -p:DurablyUpdateSchema=true</c> does. Offered only when
/// every change is compatible: the fix never records a change old logs cannot replay.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UpdateSchemaLockCodeFix)), Shared]
public sealed class UpdateSchemaLockCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, stable across versions.</summary>
    public const string EquivalenceKey = "Durably.UpdateSchemaLock";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        [DurablyDiagnostics.SchemaLockOutOfDate.Id, DurablyDiagnostics.SchemaLockMissing.Id];

    /// <inheritdoc/>
    /// <remarks>One rewrite records every compatible change of the project, so Fix All is that same rewrite once per project.</remarks>
    public override FixAllProvider GetFixAllProvider() => UpdateSchemaLockFixAllProvider.Instance;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await SchemaLockUpdate.PlanAsync(context.Document.Project, context.CancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(plan.Title, cancellationToken => SchemaLockUpdate.ApplyAsync(context.Document.Project.Solution, [context.Document.Project.Id], cancellationToken), EquivalenceKey),
            context.Diagnostics);
    }
}
