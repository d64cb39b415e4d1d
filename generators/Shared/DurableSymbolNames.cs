// Shared by the generator and the analyzers (linked into both), so that both agree on what a
// durable class, an operation and a durable member are: one source of truth.
namespace Durably.SourceModel;

/// <summary>The metadata names the generator and the analyzers recognise.</summary>
internal static class DurableSymbolNames
{
    public const string DurableStateAttribute = "Durably.DurableStateAttribute";
    public const string OperationAttribute = "Durably.OperationAttribute";

    /// <summary>The suffix of the public entry point generated for every operation.</summary>
    public const string EntryPointSuffix = "Async";
}
