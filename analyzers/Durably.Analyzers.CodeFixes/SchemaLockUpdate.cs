using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Durably.SourceModel.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Durably.Analyzers.CodeFixes;

/// <summary>What the lock code fix does: the shared lock check, then the lock document rewritten or added.</summary>
internal static class SchemaLockUpdate
{
    /// <summary>The fix for <paramref name="project"/>, or null when there is nothing compatible to record.</summary>
    public static async Task<(string Title, string Text)?> PlanAsync(Project project, CancellationToken cancellationToken)
    {
        Compilation? compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return null;
        }

        TextDocument? lockDocument = FindLock(project);
        string? lockText = lockDocument is null ? null : (await lockDocument.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
        SchemaLockCheck check = SchemaLockCheck.Run(compilation, SchemaExtractor.FindStates(compilation), lockText);
        if (check.HasIncompatibleChanges || (lockText is not null && !check.LockOutOfDate))
        {
            return null;
        }

        return (lockDocument is null ? "Create DurableSchema.lock" : "Record the compatible changes in DurableSchema.lock", check.ProposedText);
    }

    public static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<ProjectId> projects, CancellationToken cancellationToken)
    {
        foreach (ProjectId id in projects)
        {
            Project? project = solution.GetProject(id);
            if (project is null || await PlanAsync(project, cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                continue;
            }

            TextDocument? lockDocument = FindLock(project);
            if (lockDocument is not null)
            {
                solution = solution.WithAdditionalDocumentText(lockDocument.Id, SourceText.From(plan.Text));
                continue;
            }

            string? directory = project.FilePath is null ? null : Path.GetDirectoryName(project.FilePath);
            solution = project
                .AddAdditionalDocument(SchemaLockText.FileName, SourceText.From(plan.Text), filePath: directory is null ? null : Path.Combine(directory, SchemaLockText.FileName))
                .Project.Solution;
        }

        return solution;
    }

    private static TextDocument? FindLock(Project project) =>
        project.AdditionalDocuments
            .Where(document => SchemaLockCheck.IsLockFile(document.FilePath ?? document.Name))
            .OrderBy(document => document.FilePath ?? document.Name, System.StringComparer.Ordinal)
            .FirstOrDefault();
}
