using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Durably.Analyzers.CodeFixes;

/// <summary>
/// Fix All for <see cref="IntroduceParameterCodeFix"/>: marks every flagged expression with an
/// annotation in the original solution, then applies the fixes one at a time, finding each marked
/// expression again in the solution the previous fix produced.
/// </summary>
internal sealed class IntroduceParameterFixAllProvider : FixAllProvider
{
    public static readonly IntroduceParameterFixAllProvider Instance = new();

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var diagnostics = new List<Diagnostic>();
        switch (fixAllContext.Scope)
        {
            case FixAllScope.Document when fixAllContext.Document is not null:
                diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false));
                break;
            case FixAllScope.Project:
                diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false));
                break;
            case FixAllScope.Solution:
                foreach (Project project in fixAllContext.Solution.Projects)
                {
                    diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                }

                break;
            default:
                return null;
        }

        Solution solution = fixAllContext.Solution;
        return CodeAction.Create(
            "Pass every nondeterministic value in as a parameter",
            cancellationToken => ApplyAllAsync(solution, diagnostics, cancellationToken),
            fixAllContext.CodeActionEquivalenceKey);
    }

    private static async Task<Solution> ApplyAllAsync(Solution solution, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var marks = new List<SyntaxAnnotation>();
        foreach (IGrouping<SyntaxTree?, Diagnostic> group in diagnostics.Where(d => d.Id == "DS0004").GroupBy(d => d.Location.SourceTree))
        {
            Document? document = group.Key is null ? null : solution.GetDocument(group.Key);
            SyntaxNode? root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (document is null || root is null)
            {
                continue;
            }

            var annotated = new Dictionary<SyntaxNode, SyntaxAnnotation>();
            foreach (Diagnostic diagnostic in group)
            {
                SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (!annotated.ContainsKey(node))
                {
                    annotated.Add(node, new SyntaxAnnotation("Durably.IntroduceParameter"));
                }
            }

            root = root.ReplaceNodes(annotated.Keys, (original, current) => current.WithAdditionalAnnotations(annotated[original]));
            solution = solution.WithDocumentSyntaxRoot(document.Id, root);
            marks.AddRange(annotated.Values);
        }

        foreach (SyntaxAnnotation mark in marks)
        {
            (Document Document, SyntaxNode Node)? found = await FindAsync(solution, mark, cancellationToken).ConfigureAwait(false);
            if (found is not { } target
                || await IntroduceOperationParameter.PlanAsync(target.Document, target.Node, cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                continue;
            }

            solution = await IntroduceOperationParameter.ApplyAsync(target.Document, plan.Value, plan.Operation, cancellationToken).ConfigureAwait(false);
        }

        return solution;
    }

    private static async Task<(Document Document, SyntaxNode Node)?> FindAsync(Solution solution, SyntaxAnnotation mark, CancellationToken cancellationToken)
    {
        foreach (Project project in solution.Projects)
        {
            foreach (Document document in project.Documents)
            {
                SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                SyntaxNode? node = root?.GetAnnotatedNodes(mark).FirstOrDefault();
                if (node is not null)
                {
                    return (document, node);
                }
            }
        }

        return null;
    }
}
