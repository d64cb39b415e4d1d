// Shared by the generator and the analyzers (linked into both), so that both agree on what a
// durable class, an operation and a durable member are: one source of truth.
namespace Durably.SourceModel;

/// <summary>The metadata names the generator and the analyzers recognise.</summary>
internal static class DurableSymbolNames
{
    public const string DurableStateAttribute = "Durably.DurableStateAttribute";
    public const string OperationAttribute = "Durably.OperationAttribute";
    public const string QueryAttribute = "Durably.QueryAttribute";

    /// <summary>
    /// The suffix a <c>[Query]</c> member's name ends with; the generated public member that takes the
    /// read lock has the name without it (<c>BalanceOfCore</c> gives <c>BalanceOf</c>).
    /// </summary>
    public const string QuerySuffix = "Core";

    /// <summary>The suffix of the public entry point generated for every operation.</summary>
    public const string EntryPointSuffix = "Async";
}
