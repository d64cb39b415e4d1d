namespace Durably.Generators.Model;

/// <summary>
/// The formatters one <c>[DurableState]</c> class needs that can live in the assembly's shared
/// formatter cache: collected from every state class and merged by type, so each is emitted once.
/// </summary>
/// <param name="DataTypes">The user data types whose formatters are shared, ordered by name.</param>
/// <param name="Formatters">The shared closed formatters, dependencies first.</param>
internal sealed record SharedFormatterSet(EquatableArray<DataTypeSpec> DataTypes, EquatableArray<FormatterFieldSpec> Formatters)
{
    public static SharedFormatterSet Empty { get; } = new(EquatableArray<DataTypeSpec>.Empty, EquatableArray<FormatterFieldSpec>.Empty);
}
