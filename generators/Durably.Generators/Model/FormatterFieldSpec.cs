namespace Durably.Generators.Model;

/// <summary>
/// One closed formatter, built once from the runtime's built-in formatters and the generated data
/// type formatters, with no lookup at run time. It lives in the assembly's shared formatter cache
/// when every type it involves can be named there, otherwise in its state class's own cache.
/// </summary>
/// <param name="Key">The formatted type, fully qualified, without nullable reference annotations.</param>
/// <param name="FieldName">
/// The static field that holds it: in a state class's own cache, the allocated name; in the
/// shared cache, the preferred name until the cache allocates names across the assembly.
/// </param>
/// <param name="QualifiedName">The preferred name with namespaces, used in the shared cache when two types share <paramref name="FieldName"/>.</param>
/// <param name="Creation">
/// The C# expression that creates it, without its arguments, e.g. <c>global::Durably.Runtime.BuiltInFormatters.List</c>;
/// null for a generated data type formatter (<c>new XxxFormatter()</c>).
/// </param>
/// <param name="Arguments">The keys of the formatters passed to <paramref name="Creation"/>, in order (none: it is used as it is).</param>
/// <param name="Depth">How deeply it is composed: 0 for a leaf or a data type formatter, else one more than its deepest argument, so fields can be declared after what they are built from.</param>
internal sealed record FormatterFieldSpec(
    string Key,
    string FieldName,
    string QualifiedName,
    string? Creation,
    EquatableArray<string> Arguments,
    int Depth);
