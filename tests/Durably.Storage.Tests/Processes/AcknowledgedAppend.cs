using System.Globalization;

namespace Durably.Storage.Tests.Processes;

/// <summary>
/// The line the append-until-killed child prints once an append is acknowledged:
/// <c>ack sequence=&lt;n&gt; id=&lt;record id&gt; end</c>. A kill can cut the last line short; the closing
/// <c>end</c> tells a cut line (whose numbers may be cut too) from a whole one.
/// </summary>
internal readonly record struct AcknowledgedAppend(long Sequence, long Id)
{
    private const string Start = "ack";
    private const string SequenceField = "sequence=";
    private const string IdField = "id=";
    private const string End = "end";

    /// <summary>The line for this acknowledgement.</summary>
    internal string Format() => string.Create(CultureInfo.InvariantCulture, $"{Start} {SequenceField}{Sequence} {IdField}{Id} {End}");

    /// <summary>Parses a whole line; false for anything else, including a line cut short.</summary>
    internal static bool TryParse(string line, out AcknowledgedAppend acknowledged)
    {
        acknowledged = default;
        string[] fields = line.Split(' ');
        if (fields.Length != 4 || fields[0] != Start || fields[3] != End
            || !fields[1].StartsWith(SequenceField, StringComparison.Ordinal) || !fields[2].StartsWith(IdField, StringComparison.Ordinal)
            || !long.TryParse(fields[1].AsSpan(SequenceField.Length), NumberStyles.None, CultureInfo.InvariantCulture, out long sequence)
            || !long.TryParse(fields[2].AsSpan(IdField.Length), NumberStyles.None, CultureInfo.InvariantCulture, out long id))
        {
            return false;
        }

        acknowledged = new AcknowledgedAppend(sequence, id);
        return true;
    }
}
