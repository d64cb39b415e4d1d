namespace Durably.SourceModel.Schema;

/// <summary>
/// The scalar widenings a reader of the wider type accepts for values written as the narrower one
/// (every MessagePack integer width reads as a wider integer; float16 and float32 read as wider
/// floats). One table for the build-time schema lock check and the runtime's snapshot field check,
/// which compiles this file too (so names are fully qualified: no usings to differ between them).
/// </summary>
internal static class WireWidenings
{
    private static readonly System.Collections.Generic.Dictionary<string, string[]> Wider = new(System.StringComparer.Ordinal)
    {
        ["int8"] = ["int16", "int32", "int64"],
        ["int16"] = ["int32", "int64"],
        ["int32"] = ["int64"],
        ["uint8"] = ["uint16", "uint32", "uint64", "int16", "int32", "int64"],
        ["uint16"] = ["uint32", "uint64", "int32", "int64"],
        ["uint32"] = ["uint64", "int64"],
        ["float16"] = ["float32", "float64"],
        ["float32"] = ["float64"],
    };

    /// <summary>True when every value written as the scalar kind <paramref name="from"/> reads correctly as <paramref name="to"/>.</summary>
    internal static bool Widens(string from, string to) =>
        Wider.TryGetValue(from, out string[]? wider) && System.Array.IndexOf(wider, to) >= 0;
}
