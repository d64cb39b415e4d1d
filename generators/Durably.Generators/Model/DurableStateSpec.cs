namespace Durably.Generators.Model;

/// <summary>
/// Everything the emitter needs to write one <c>[DurableState]</c> class's generated file: values
/// only, so two parses of an unchanged class compare equal and the pipeline caches.
/// </summary>
/// <param name="HintName">The generated file's stable name.</param>
/// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
/// <param name="ContainingTypes">Enclosing types, outermost first.</param>
/// <param name="Keyword">The declaration keyword of the state class (<c>class</c>: records are refused, DS0117).</param>
/// <param name="Name">The state class's name.</param>
/// <param name="FullyQualifiedName">The state class as written in generated code.</param>
/// <param name="DisplayName">The state class as users read it (for messages).</param>
/// <param name="Operations">The operations, in declaration order.</param>
/// <param name="Fields">The instance fields that make up a snapshot, in declaration order (base classes first).</param>
/// <param name="DataTypes">
/// The user types whose formatters stay in this class because the assembly-level cache cannot name
/// them (nested privately in the state class, say), ordered by name.
/// </param>
/// <param name="Formatters">This class's own formatter cache (the formatters that involve such types), dependencies first.</param>
/// <param name="SharedFormatterKeys">The formatters this class takes from the assembly's shared cache, by key, in ordinal order.</param>
/// <param name="Queries">The queries, in declaration order.</param>
internal sealed record DurableStateSpec(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Keyword,
    string Name,
    string FullyQualifiedName,
    string DisplayName,
    EquatableArray<OperationSpec> Operations,
    EquatableArray<StateFieldSpec> Fields,
    EquatableArray<DataTypeSpec> DataTypes,
    EquatableArray<FormatterFieldSpec> Formatters,
    EquatableArray<string> SharedFormatterKeys,
    EquatableArray<QuerySpec> Queries);
