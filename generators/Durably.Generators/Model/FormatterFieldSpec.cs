namespace Durably.Generators.Model;

/// <summary>
/// One closed formatter in the generated formatter cache, built once from the runtime's built-in
/// formatters and the generated data type formatters, with no lookup at run time.
/// </summary>
/// <param name="Key">The formatted type, fully qualified, without nullable reference annotations.</param>
/// <param name="FieldName">The static field that holds it.</param>
/// <param name="Creation">The C# expression that creates it, e.g. <c>BuiltInFormatters.List(Formatters.Int32)</c>; it only refers to fields declared before it.</param>
internal sealed record FormatterFieldSpec(string Key, string FieldName, string Creation);
