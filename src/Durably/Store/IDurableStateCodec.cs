using System.ComponentModel;

namespace Durably.Runtime;

/// <summary>
/// What the generator emits per <c>[DurableState]</c> class for the store: the replay dispatch from
/// a record to its operation, and the snapshot format of the whole state.
/// </summary>
/// <typeparam name="TState">The <c>[DurableState]</c> class.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IDurableStateCodec<TState>
    where TState : class
{
    /// <summary>Reads one record (an array: operation name, then arguments) into its record type.</summary>
    /// <param name="reader">Positioned at the record.</param>
    /// <returns>The record, ready to apply.</returns>
    /// <exception cref="MessagePackSerializationException">The record is malformed or names an unknown operation.</exception>
    IOperationRecord<TState> DecodeOperation(ref MessagePackReader reader);

    /// <summary>Writes every instance field of <paramref name="state"/> as a map from field name to value.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="state">The state.</param>
    void WriteSnapshot(ref MessagePackWriter writer, TState state);

    /// <summary>Restores the fields a snapshot holds into <paramref name="state"/>, in place; unknown fields are skipped.</summary>
    /// <param name="reader">Positioned at the snapshot map.</param>
    /// <param name="state">A freshly constructed state.</param>
    void ReadSnapshot(ref MessagePackReader reader, TState state);

    /// <summary>
    /// Every snapshot field's key and the C# type it holds, in snapshot order; stored beside the
    /// state so that a field whose type changed incompatibly is reported with both types.
    /// </summary>
    IReadOnlyList<KeyValuePair<string, string>> SnapshotFieldTypes => [];
}
