namespace Durably.Generators.Model;

/// <summary>
/// The assembly's shared formatter cache: one static class holding each distinct user data type's
/// formatter and each distinct closed formatter composition once, whatever number of state classes use it.
/// </summary>
/// <param name="ClassName">The generated static class, unique per assembly (see <see cref="Parsing.SharedFormatterCache"/>).</param>
/// <param name="DataTypes">The data type formatters, ordered by type, with their class names allocated.</param>
/// <param name="Formatters">The fields, ordered by depth then type, with their names allocated.</param>
internal sealed record FormatterCacheSpec(
    string ClassName,
    EquatableArray<DataTypeSpec> DataTypes,
    EquatableArray<FormatterFieldSpec> Formatters)
{
    public bool IsEmpty => Formatters.IsEmpty;
}
