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
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _durableClasses = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _operations = new(SymbolEqualityComparer.Default);
    private readonly System.Func<INamedTypeSymbol, bool> _isDurableClass;

    public DurableCompilationFacts(Compilation compilation)
    {
        _isDurableClass = IsDurableClass;
        CancellationTokenType = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
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
