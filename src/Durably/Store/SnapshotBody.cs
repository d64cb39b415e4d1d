using System.Buffers;
using System.Globalization;
using Durably.Storage.Snapshots;

namespace Durably.Runtime;

/// <summary>
/// The body of a snapshot file as the store writes it: a MessagePack array of two items, a map
/// from each field's key to the C# type it held when written, then the state itself as the
/// generated codec writes it (a map from field key to value). Reading restores field by field,
/// so a field whose value no longer reads as its type, or whose type changed in a way that is
/// not a compatible widening, is reported by name with both types.
/// </summary>
internal static class SnapshotBody
{
    private const byte OneEntryMap = 0x81;

    /// <summary>
    /// Serializes <paramref name="state"/> (the caller keeps it from changing meanwhile) into a
    /// buffer that starts at <paramref name="expectedLength"/> bytes: the previous snapshot's size
    /// and a margin spare a large state the chain of doubled, copied and discarded buffers it would
    /// otherwise grow through while applies wait.
    /// </summary>
    /// <exception cref="DurableSnapshotException">
    /// The state cannot be written as a snapshot that reads back: it nests deeper than the reader's
    /// limit, or a value cannot be serialized. Nothing was written.
    /// </exception>
    internal static ReadOnlyMemory<byte> Write<TState>(IDurableStateCodec<TState> codec, TState state, string stateName, int expectedLength = 0)
        where TState : class
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(4096, expectedLength));
        var writer = new MessagePackWriter(buffer);
        try
        {
            writer.WriteArrayHeader(2);
            IReadOnlyList<KeyValuePair<string, string>> types = codec.SnapshotFieldTypes;
            writer.WriteMapHeader(types.Count);
            foreach (KeyValuePair<string, string> field in types)
            {
                writer.Write(field.Key);
                writer.Write(field.Value);
            }

            codec.WriteSnapshot(ref writer, state);
            writer.Flush();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the formatters refuse would not read back (or could not be written at all):
            // such a snapshot must never count, or the log behind it would be retired.
            throw NotWritable(stateName, e, tooDeep: writer.Depth >= writer.MaximumDepth);
        }

        return buffer.WrittenMemory;
    }

    private static DurableSnapshotException NotWritable(string stateName, Exception cause, bool tooDeep)
    {
        const string Kept = " No snapshot was taken and nothing is lost: the log keeps every record and the previous snapshot, "
            + "reopening replays them, and operations go on; but the log cannot be retired behind this state, so recovery takes longer as it grows.";
        string message = tooDeep
            ? string.Create(CultureInfo.InvariantCulture, $"{stateName}: the state nests more than {MessagePackReader.DefaultMaximumDepth} levels deep")
                + " (objects that hold the next one, or collections inside collections), and a snapshot that deep could not be read back."
                + Kept + " Keep deep structures flat: a list, or a dictionary from id to item, instead of a chain of linked objects."
            : stateName + ": the state could not be serialized as a snapshot: " + cause.Message + Kept
                + " Change the state so that every field can be written (the message above says which value failed).";
        return new DurableSnapshotException(message, cause);
    }

    /// <summary>Restores a recovered snapshot into a freshly constructed <paramref name="state"/>.</summary>
    /// <exception cref="SnapshotSchemaException">A stored field cannot be read as its current type.</exception>
    /// <exception cref="DurableReplayException">The body is not a snapshot body (a bug, or a file from another program).</exception>
    internal static void Restore<TState>(IDurableStateCodec<TState> codec, TState state, RecoveredSnapshot snapshot, string stateName)
        where TState : class
    {
        byte[] body = snapshot.Body;
        var reader = new MessagePackReader(body);
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        int count;
        try
        {
            if (reader.ReadArrayHeader() != 2)
            {
                throw new MessagePackSerializationException("A snapshot body is an array of two items.");
            }

            int types = reader.ReadMapHeader();
            for (int i = 0; i < types; i++)
            {
                string key = reader.ReadString() ?? string.Empty;
                stored[key] = reader.ReadString() ?? string.Empty;
            }

            count = reader.ReadMapHeader();
        }
        catch (MessagePackSerializationException e)
        {
            throw new DurableReplayException($"{stateName}: snapshot {snapshot.Location} does not hold a state this program wrote: {e.Message}", e);
        }

        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> field in codec.SnapshotFieldTypes)
        {
            current[field.Key] = field.Value;
        }

        for (int i = 0; i < count; i++)
        {
            long start = reader.Consumed;
            string key;
            try
            {
                key = reader.ReadString() ?? string.Empty;
                reader.Skip();
            }
            catch (MessagePackSerializationException e)
            {
                throw new DurableReplayException($"{stateName}: snapshot {snapshot.Location} is malformed at field {i}: {e.Message}", e);
            }

            // A narrowed type can decode without an error (a double as a float turns 1e300 into infinity): the stored type decides.
            if (stored.TryGetValue(key, out string? writtenAs) && current.TryGetValue(key, out string? readAs)
                && !SnapshotFieldCompatibility.CanRead(writtenAs, readAs))
            {
                string message = stateName + ": field '" + key + "' of snapshot " + snapshot.Location
                    + string.Create(CultureInfo.InvariantCulture, $" (state after record {snapshot.Sequence})")
                    + " was written as " + writtenAs + " and cannot be read as " + readAs + ", its type in this version: "
                    + "that change is not a compatible widening (int -> long, float -> double, T -> T?, List<T> <-> T[]; see docs/versioning.md), "
                    + "and values could be read wrongly. Nothing was changed on disk. Keep the field's old type (or widen it), or give the new field "
                    + "a new name (it then starts from its initializer, and the stored field is skipped).";
                throw new SnapshotSchemaException(message, key, snapshot.Location, writtenAs, readAs, innerException: null);
            }

            // One field at a time, as a one-entry map: the codec restores it (or skips a field the class no longer has).
            byte[] entry = new byte[1 + (reader.Consumed - start)];
            entry[0] = OneEntryMap;
            body.AsSpan((int)start, entry.Length - 1).CopyTo(entry.AsSpan(1));
            var fieldReader = new MessagePackReader(entry);
            try
            {
                codec.ReadSnapshot(ref fieldReader, state);
            }
            catch (Exception e) when (e is MessagePackSerializationException or InvalidCastException or OverflowException or FormatException or ArgumentException)
            {
                string storedType = stored.GetValueOrDefault(key, "unknown (not recorded)");
                string currentType = current.GetValueOrDefault(key, "unknown");
                string message = stateName + ": field '" + key + "' of snapshot " + snapshot.Location
                    + string.Create(CultureInfo.InvariantCulture, $" (state after record {snapshot.Sequence})")
                    + " was written as " + storedType + " and cannot be read as " + currentType + ", its type in this version: " + e.Message
                    + " Nothing was changed on disk. Keep the field's old type, or give the new field a new name "
                    + "(it then starts from its initializer, and the stored field is skipped).";
                throw new SnapshotSchemaException(message, key, snapshot.Location, storedType, currentType, e);
            }
        }
    }
}
