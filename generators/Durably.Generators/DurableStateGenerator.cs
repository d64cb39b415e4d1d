using System.Linq;
using Durably.Generators.Emitting;
using Durably.Generators.Model;
using Durably.Generators.Parsing;
using Durably.Generators.Schema;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Durably.Generators;

/// <summary>
/// Generates, for every <c>partial</c> class marked <c>[DurableState]</c>, the logged entry points of
/// its operations, their MessagePack records, the replay dispatch, the snapshot formatter and the
/// store members (OpenAsync, DisposeAsync, DurableStatus, Read), and for every <c>[Query]</c>
/// <c>XxxCore</c> the public <c>Xxx</c> that runs it under the store's read lock.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DurableStateGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incremental-caching tests.</summary>
    public static class TrackingNames
    {
        /// <summary>The parsed model of each <c>[DurableState]</c> class.</summary>
        public const string DurableStates = nameof(DurableStates);

        /// <summary>The diagnostics for <c>[Operation]</c> methods outside any <c>[DurableState]</c> class.</summary>
        public const string StrayOperations = nameof(StrayOperations);

        /// <summary>The diagnostics for <c>[Query]</c> members outside any <c>[DurableState]</c> class.</summary>
        public const string StrayQueries = nameof(StrayQueries);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> states = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                DurableSymbolNames.DurableStateAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (context, cancellationToken) => DurableStateParser.Parse(context, cancellationToken))
            .WithTrackingName(TrackingNames.DurableStates);

        context.RegisterSourceOutput(states, static (output, result) =>
        {
            foreach (DiagnosticInfo diagnostic in result.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (result.Spec is { } spec)
            {
                output.AddSource(spec.HintName, DurableStateEmitter.Emit(spec));
            }
        });

        IncrementalValuesProvider<DiagnosticInfo> strayOperations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                DurableSymbolNames.OperationAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (context, _) => StrayOperation(context))
            .Where(static diagnostic => diagnostic is not null)
            .Select(static (diagnostic, _) => diagnostic!)
            .WithTrackingName(TrackingNames.StrayOperations);

        context.RegisterSourceOutput(strayOperations, static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));

        IncrementalValuesProvider<DiagnosticInfo> strayQueries = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                DurableSymbolNames.QueryAttribute,
                static (node, _) => node is MethodDeclarationSyntax or BasePropertyDeclarationSyntax,
                static (context, _) => StrayQuery(context))
            .Where(static diagnostic => diagnostic is not null)
            .Select(static (diagnostic, _) => diagnostic!)
            .WithTrackingName(TrackingNames.StrayQueries);

        context.RegisterSourceOutput(strayQueries, static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));

        SchemaLockProposal.Register(context);
    }

    private static DiagnosticInfo? StrayQuery(GeneratorAttributeSyntaxContext context)
    {
        ISymbol query = context.TargetSymbol;
        if (query.ContainingType is not { } type || DurableSymbolFacts.IsDurableStateClass(type))
        {
            return null;
        }

        Location? location = query.Locations.FirstOrDefault(l => l.IsInSource);
        return new DiagnosticInfo(
            DurablyDiagnostics.QueryShape,
            LocationInfo.From(location),
            new[] { query.Name, "it is declared in '" + type.ToDisplayString(SymbolFormats.Display) + "', which is not a [DurableState] class, so nothing takes a lock for it" }.ToEquatableArray());
    }

    private static DiagnosticInfo? StrayOperation(GeneratorAttributeSyntaxContext context)
    {
        if (context.TargetSymbol is not IMethodSymbol method || DurableSymbolFacts.IsDurableStateClass(method.ContainingType))
        {
            return null;
        }

        Location? location = method.Locations.FirstOrDefault(l => l.IsInSource);
        return new DiagnosticInfo(
            DurablyDiagnostics.OperationOutsideDurableState,
            LocationInfo.From(location),
            new[] { method.Name, method.ContainingType.ToDisplayString(SymbolFormats.Display) }.ToEquatableArray());
    }
}
