using System.Collections.Generic;

namespace Durably.SourceModel.Schema;

/// <summary>
/// Which wire shape changes old records survive: the same shape, a widening integer or float
/// (every MessagePack integer width is read by a wider reader), a value that becomes nullable, and
/// the same changes inside arrays, maps and tuples. Everything else would misread old records.
/// </summary>
internal static class WireCompatibility
{
    private static readonly Dictionary<string, string[]> Widenings = new(System.StringComparer.Ordinal)
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

    /// <summary>The widenings, as written in docs and messages.</summary>
    public const string CompatibleChangesText =
        "the same wire shape (List<T>, T[] and other sequences are all array<T>), a wider integer of the same sign (int -> long) or an unsigned one into a wider signed one (byte -> int), Half -> float -> double, T -> T?, and these inside arrays, maps and tuples";

    /// <summary>True when every value written as <paramref name="locked"/> reads correctly as <paramref name="current"/>.</summary>
    public static bool CanRead(WireShape locked, WireShape current)
    {
        if (locked.IsNullable && !current.IsNullable)
        {
            return false;
        }

        if (locked.Kind != current.Kind)
        {
            return locked.Arguments.Count == 0 && current.Arguments.Count == 0
                && locked.ReferenceName is null && current.ReferenceName is null
                && Widenings.TryGetValue(locked.Kind, out string[]? wider)
                && System.Array.IndexOf(wider, current.Kind) >= 0;
        }

        if (locked.ReferenceName != current.ReferenceName || locked.Arguments.Count != current.Arguments.Count)
        {
            return false;
        }

        for (int i = 0; i < locked.Arguments.Count; i++)
        {
            if (!CanRead(locked.Arguments[i], current.Arguments[i]))
            {
                return false;
            }
        }

        return true;
    }
}
