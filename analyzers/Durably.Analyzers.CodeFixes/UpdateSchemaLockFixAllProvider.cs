using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Durably.Analyzers.CodeFixes;

/// <summary>Fix All for <see cref="UpdateSchemaLockCodeFix"/>: one lock rewrite per project in scope.</summary>
internal sealed class UpdateSchemaLockFixAllProvider : FixAllProvider
{
    public static readonly UpdateSchemaLockFixAllProvider Instance = new();

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

    public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        ProjectId[] projects = fixAllContext.Scope == FixAllScope.Solution
            ? [.. fixAllContext.Solution.Projects.Select(p => p.Id)]
            : [fixAllContext.Project.Id];
        return Task.FromResult<CodeAction?>(CodeAction.Create(
            "Record the compatible changes in DurableSchema.lock",
            cancellationToken => SchemaLockUpdate.ApplyAsync(fixAllContext.Solution, projects, cancellationToken),
            UpdateSchemaLockCodeFix.EquivalenceKey));
    }
}
