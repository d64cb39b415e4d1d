using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Durably.SourceModel.Schema;

/// <summary>
/// The one check the analyzer, the code fix and the command-line update share: the code's schema,
/// the lock's (if any), what differs, and the lock text that records the code.
/// </summary>
internal sealed class SchemaLockCheck
{
    private SchemaLockCheck(SchemaDocument current, string proposedText, IReadOnlyList<SchemaFinding> findings, string? lockError, bool lockOutOfDate)
    {
        Current = current;
        ProposedText = proposedText;
        Findings = findings;
        LockError = lockError;
        LockOutOfDate = lockOutOfDate;
    }

    public SchemaDocument Current { get; }

    /// <summary>The lock text that records the code's schema.</summary>
    public string ProposedText { get; }

    public IReadOnlyList<SchemaFinding> Findings { get; }

    /// <summary>Why the existing lock cannot be read, or null.</summary>
    public string? LockError { get; }

    /// <summary>True when the lock exists, is readable and differs from <see cref="ProposedText"/>.</summary>
    public bool LockOutOfDate { get; }

    public bool HasIncompatibleChanges => LockError is not null || Findings.Any(f => !f.IsCompatible);

    /// <summary>Checks <paramref name="states"/> against <paramref name="lockText"/> (null: no lock).</summary>
    public static SchemaLockCheck Run(Compilation compilation, IEnumerable<INamedTypeSymbol> states, string? lockText)
    {
        SchemaDocument current = SchemaExtractor.Extract(compilation, states);
        string proposed = SchemaLockText.Write(current);
        if (lockText is null)
        {
            return new SchemaLockCheck(current, proposed, [], null, false);
        }

        SchemaDocument? locked = SchemaLockParser.TryParse(lockText, out string? error);
        if (locked is null)
        {
            return new SchemaLockCheck(current, proposed, [], error, false);
        }

        IReadOnlyList<SchemaFinding> findings = SchemaComparison.Compare(locked, current);
        bool outOfDate = Normalize(lockText) != proposed;
        return new SchemaLockCheck(current, proposed, findings, null, outOfDate);
    }

    /// <summary>The lock's text with line endings as the build writes them.</summary>
    public static string Normalize(string text) => text.Replace("\r\n", "\n");

    /// <summary>True for the <c>DurableSchema.lock</c> additional file.</summary>
    public static bool IsLockFile(string path) =>
        string.Equals(System.IO.Path.GetFileName(path), SchemaLockText.FileName, System.StringComparison.OrdinalIgnoreCase);
}
