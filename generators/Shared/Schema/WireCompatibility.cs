namespace Durably.SourceModel.Schema;

/// <summary>
/// Which wire shape changes old records survive: the same shape, a widening integer or float
/// (every MessagePack integer width is read by a wider reader), a value that becomes nullable, and
/// the same changes inside arrays, maps and tuples. Everything else would misread old records.
/// </summary>
internal static class WireCompatibility
{
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
                && WireWidenings.Widens(locked.Kind, current.Kind);
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
