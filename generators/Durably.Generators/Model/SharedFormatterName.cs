namespace Durably.Generators.Model;

/// <summary>The field of the shared formatter cache that holds the formatter of one type.</summary>
/// <param name="Key">The formatted type, fully qualified, without nullable reference annotations.</param>
/// <param name="FieldName">The field's name in the shared cache class.</param>
internal sealed record SharedFormatterName(string Key, string FieldName);
