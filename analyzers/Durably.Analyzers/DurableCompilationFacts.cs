using System.Collections.Concurrent;
using Durably.SourceModel;
using Microsoft.CodeAnalysis;

namespace Durably.Analyzers;

/// <summary>
/// Per-compilation answers to "is this durable?" built on the shared <see cref="DurableSymbolFacts"/>
/// (one source of truth with the generator) and cached, because the analyzers ask them for every
/// assignment and call in the compilation.
/// </summary>
internal sealed class DurableCompilationFacts
{
    /// <summary>The assembly that defines <c>[DurableState]</c> and <c>[Operation]</c>.</summary>
    public const string RuntimeAssemblyName = "Durably";

    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _durableClasses = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _operations = new(SymbolEqualityComparer.Default);
    private readonly System.Func<INamedTypeSymbol, bool> _isDurableClass;

    // One set of caches per compilation, shared by the three analyzers.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, DurableCompilationFacts> s_byCompilation = new();

    private DurableCompilationFacts(Compilation compilation)
    {
        _isDurableClass = IsDurableClass;
        CancellationTokenType = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
    }

    /// <summary>The facts for <paramref name="compilation"/>, or null when it cannot contain durable classes.</summary>
    public static DurableCompilationFacts? For(Compilation compilation)
    {
        // A cheap test on the reference list, instead of a metadata-wide type lookup: without the
        // runtime (or being the runtime) there is no [DurableState] to recognise.
        bool referencesRuntime = compilation.AssemblyName == RuntimeAssemblyName;
        foreach (AssemblyIdentity reference in compilation.ReferencedAssemblyNames)
        {
            referencesRuntime |= reference.Name == RuntimeAssemblyName;
        }

        return referencesRuntime ? s_byCompilation.GetValue(compilation, static c => new DurableCompilationFacts(c)) : null;
    }

    /// <summary>The <c>CancellationToken</c> type, or null when the references lack it.</summary>
    public INamedTypeSymbol? CancellationTokenType { get; }

    /// <summary>True when the type carries <c>[DurableState]</c>.</summary>
    public bool IsDurableClass(INamedTypeSymbol? type) =>
        type is not null
        && _durableClasses.GetOrAdd(type.OriginalDefinition, static t => DurableSymbolFacts.IsDurableStateClass(t));

    /// <summary>True for a field or property declared in a <c>[DurableState]</c> class.</summary>
    public bool IsDurableMember(ISymbol? symbol) =>
        DurableSymbolFacts.IsDurableMember(symbol?.OriginalDefinition, _isDurableClass);

    /// <summary>True when the method carries <c>[Operation]</c>.</summary>
    public bool IsOperation(IMethodSymbol? method) =>
        method is not null
        && method.MethodKind == MethodKind.Ordinary
        && _operations.GetOrAdd(method.OriginalDefinition, static m => DurableSymbolFacts.IsOperation(m));
}
