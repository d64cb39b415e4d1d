using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Durably.SourceModel;
using Durably.SourceModel.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Durably.Analyzers;

/// <summary>
/// Checks the project's durable schema against <c>DurableSchema.lock</c> (an additional file):
/// incompatible changes are errors (DS0202..DS0213) that say how to make the change compatibly;
/// compatible ones are a warning that the lock is out of date (DS0200, with a code fix); a
/// project without a lock is told how to create it (DS0201). Never writes the lock itself: the
/// code fix and <c>dotnet build -p:DurablyUpdateSchema=true</c> do.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SchemaLockAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The MSBuild property that asks the build to rewrite the lock (compiler-visible).</summary>
    public const string UpdateSchemaProperty = "build_property.DurablyUpdateSchema";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DurablyDiagnostics.SchemaLockOutOfDate,
        DurablyDiagnostics.SchemaLockMissing,
        DurablyDiagnostics.LockedOperationMissing,
        DurablyDiagnostics.ParametersReordered,
        DurablyDiagnostics.ParameterRemoved,
        DurablyDiagnostics.ParameterWithoutDefault,
        DurablyDiagnostics.IncompatibleWireShape,
        DurablyDiagnostics.EnumValueChanged,
        DurablyDiagnostics.DataMemberMoved,
        DurablyDiagnostics.LockedStateMissing,
        DurablyDiagnostics.SchemaLockUnreadable,
        DurablyDiagnostics.LockedFieldMissing,
        DurablyDiagnostics.DefaultValueChanged,
        DurablyDiagnostics.RequiredMemberAppended,
    ];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (DurableCompilationFacts.For(start.Compilation) is not { } facts)
            {
                return;
            }

            var states = new ConcurrentBag<INamedTypeSymbol>();
            start.RegisterSymbolAction(
                symbolContext =>
                {
                    if (symbolContext.Symbol is INamedTypeSymbol type && facts.IsDurableClass(type))
                    {
                        states.Add(type);
                    }
                },
                SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end => Check(end, states.ToArray()));
        });
    }

    /// <summary>True when the build was asked to rewrite the lock (then the update reports, not this analyzer).</summary>
    internal static bool IsUpdating(AnalyzerOptions options) =>
        options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(UpdateSchemaProperty, out string? value)
        && string.Equals(value?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase);

    /// <summary>The project's lock file, if it is an additional file.</summary>
    internal static AdditionalText? FindLock(AnalyzerOptions options) =>
        options.AdditionalFiles
            .Where(file => SchemaLockCheck.IsLockFile(file.Path))
            .OrderBy(file => file.Path, System.StringComparer.Ordinal)
            .FirstOrDefault();

    private static void Check(CompilationAnalysisContext context, INamedTypeSymbol[] states)
    {
        bool updating = IsUpdating(context.Options);
        AdditionalText? lockFile = FindLock(context.Options);
        INamedTypeSymbol[] ordered = [.. states.Distinct(SymbolEqualityComparer.Default).Cast<INamedTypeSymbol>()
            .OrderBy(SchemaExtractor.StateName, System.StringComparer.Ordinal)];
        if (lockFile is null)
        {
            if (ordered.Length > 0 && !updating)
            {
                context.ReportDiagnostic(Diagnostic.Create(DurablyDiagnostics.SchemaLockMissing, LocationOf(ordered[0]), SchemaExtractor.StateName(ordered[0])));
            }

            return;
        }

        string? lockText = lockFile.GetText(context.CancellationToken)?.ToString();
        SchemaLockCheck check = SchemaLockCheck.Run(context.Compilation, ordered, lockText ?? string.Empty);
        Location fallback = ordered.Length > 0 ? LocationOf(ordered[0]) : Location.Create(lockFile.Path, default, default);
        if (check.LockError is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DurablyDiagnostics.SchemaLockUnreadable, Location.Create(lockFile.Path, default, default), check.LockError));
            return;
        }

        var compatible = new Dictionary<Location, List<string>>();
        foreach (SchemaFinding finding in check.Findings)
        {
            Location location = finding.At is null ? fallback : LocationOf(finding.At, fallback);
            if (finding.Rule is { } rule)
            {
                if (rule == DurablyDiagnostics.LockedStateMissing)
                {
                    location = Location.Create(lockFile.Path, default, default);
                }

                context.ReportDiagnostic(Diagnostic.Create(rule, location, [.. finding.Arguments]));
            }
            else
            {
                if (!compatible.TryGetValue(location, out List<string>? descriptions))
                {
                    compatible[location] = descriptions = [];
                }

                descriptions.Add(finding.Description);
            }
        }

        if (updating || !check.LockOutOfDate || check.HasIncompatibleChanges)
        {
            return;
        }

        if (compatible.Count == 0)
        {
            compatible[fallback] = ["DurableSchema.lock is not in the form the build writes (edited by hand or merged)"];
        }

        foreach (KeyValuePair<Location, List<string>> entry in compatible)
        {
            context.ReportDiagnostic(Diagnostic.Create(DurablyDiagnostics.SchemaLockOutOfDate, entry.Key, string.Join("; ", entry.Value)));
        }
    }

    private static Location LocationOf(ISymbol symbol, Location? fallback = null)
    {
        Location? location = symbol.Locations.FirstOrDefault(l => l.IsInSource);
        return location ?? fallback ?? Location.None;
    }
}
