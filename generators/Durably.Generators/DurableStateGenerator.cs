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
/// <c>XxxCore</c> the public <c>Xxx</c> that runs it under the store's read lock; and once per
/// assembly, the formatter cache those classes share (each data type's formatter and each closed
/// formatter composition once).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DurableStateGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incremental-caching tests.</summary>
    public static class TrackingNames
    {
        /// <summary>The parsed model of each <c>[DurableState]</c> class.</summary>
        public const string DurableStates = nameof(DurableStates);

        /// <summary>The assembly's shared formatter cache, merged from every class's shared formatters.</summary>
        public const string SharedFormatters = nameof(SharedFormatters);

        /// <summary>What each class's file is written from: its model and the names of the shared formatters it uses.</summary>
        public const string StateOutputs = nameof(StateOutputs);

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

        // Each class contributes the formatters the whole assembly can name; merged by type, they are
        // emitted once. A class's own file needs only the names of the shared fields it uses, so a
        // change elsewhere in the cache leaves it cached.
        IncrementalValueProvider<FormatterCacheSpec> sharedCache = states
            .Select(static (result, _) => result.Shared)
            .Collect()
            .Combine(context.CompilationProvider.Select(static (compilation, _) => compilation.AssemblyName))
            .Select(static (input, _) => SharedFormatterCache.Merge(input.Left, input.Right))
            .WithTrackingName(TrackingNames.SharedFormatters);

        context.RegisterSourceOutput(sharedCache, static (output, cache) =>
        {
            if (!cache.IsEmpty)
            {
                output.AddSource(SharedFormatterCache.HintName, FormatterCacheEmitter.Emit(cache));
            }
        });

        IncrementalValueProvider<(string ClassName, EquatableArray<SharedFormatterName> Names)> sharedNames = sharedCache
            .Select(static (cache, _) => (cache.ClassName, SharedFormatterCache.Names(cache)));

        IncrementalValuesProvider<StateOutput> stateOutputs = states
            .Combine(sharedNames)
            .Select(static (input, _) => SharedFormatterCache.ForState(input.Left, input.Right.ClassName, input.Right.Names))
            .WithTrackingName(TrackingNames.StateOutputs);

        context.RegisterSourceOutput(stateOutputs, static (output, state) =>
        {
            foreach (DiagnosticInfo diagnostic in state.Result.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (state.Result.Spec is { } spec)
            {
                output.AddSource(spec.HintName, DurableStateEmitter.Emit(spec, state.SharedCacheClass, state.SharedNames));
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
