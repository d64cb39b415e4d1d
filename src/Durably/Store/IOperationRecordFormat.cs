using System.ComponentModel;

namespace Durably.Runtime;

/// <summary>
/// A generated operation record that writes itself and reads itself back, so no separate formatter
/// class is generated per operation: <see cref="OperationRecordFormatter{TRecord}"/> adapts it to
/// the store's formatter interface.
/// </summary>
/// <typeparam name="TRecord">The record type itself.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IOperationRecordFormat<TRecord>
    where TRecord : IOperationRecordFormat<TRecord>
{
    /// <summary>Writes the record: an array of the operation's name, then the arguments.</summary>
    /// <param name="writer">The writer.</param>
    void Write(ref MessagePackWriter writer);

    /// <summary>Reads a record written by <see cref="Write"/> (or by an older version with fewer, defaulted arguments).</summary>
    /// <param name="reader">Positioned at the record.</param>
    /// <returns>The record.</returns>
    /// <exception cref="MessagePackSerializationException">The record is malformed or is for another operation.</exception>
    static abstract TRecord Read(ref MessagePackReader reader);
}
