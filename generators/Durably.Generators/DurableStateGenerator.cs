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
/// store members (OpenAsync, DisposeAsync, DurableStatus, Read).
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
                output.AddSource(ReplayDescriptionEmitter.HintName(spec), ReplayDescriptionEmitter.Emit(spec));
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

        SchemaLockProposal.Register(context);
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
