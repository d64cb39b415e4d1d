using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace Durably.Runtime;

/// <summary>The formatter of a generated record that formats itself (<see cref="IOperationRecordFormat{TRecord}"/>).</summary>
/// <typeparam name="TRecord">The record type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OperationRecordFormatter<TRecord> : IMessagePackFormatter<TRecord>
    where TRecord : IOperationRecordFormat<TRecord>
{
    private OperationRecordFormatter()
    {
    }

    /// <summary>The one instance.</summary>
    [SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Generated code names the closed type; one instance per record type, as EqualityComparer<T>.Default.")]
    public static OperationRecordFormatter<TRecord> Instance { get; } = new();

    /// <inheritdoc/>
    public void Serialize(ref MessagePackWriter writer, TRecord value)
    {
        ArgumentNullException.ThrowIfNull(value);
        value.Write(ref writer);
    }

    /// <inheritdoc/>
    public TRecord Deserialize(ref MessagePackReader reader) => TRecord.Read(ref reader);
}
