namespace Durably.Generators.Model;

/// <summary>
/// How generated code writes and reads one value: a fully qualified C# type name (with its
/// nullable annotation) and either a direct reader call for MessagePack primitives or a formatter
/// from the generated formatter cache for everything else.
/// </summary>
/// <param name="Name">The fully qualified type as written in generated code, e.g. <c>global::System.Collections.Generic.List&lt;string?&gt;</c>.</param>
/// <param name="PrimitiveReader">The <c>MessagePackReader</c> method for a primitive (<c>ReadInt32</c>), or null to use a formatter.</param>
/// <param name="IsNonNullableReference">True for a reference type without a <c>?</c> annotation (reads need a null-forgiving operator).</param>
/// <param name="FormatterKey">The type without nullable reference annotations: its entry in the formatter cache.</param>
internal sealed record TypeRef(string Name, string? PrimitiveReader, bool IsNonNullableReference, string FormatterKey)
{
    public bool UsesFormatter => PrimitiveReader is null;
}
