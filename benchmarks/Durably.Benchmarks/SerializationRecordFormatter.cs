using Durably.Runtime;

namespace Durably.Benchmarks;

/// <summary>
/// A hand-written formatter in the shape the generator emits: an array of the members in order;
/// reading tolerates nil, extra trailing members (skipped) and missing ones (defaults).
/// </summary>
public sealed class SerializationRecordFormatter : IMessagePackFormatter<SerializationRecord?>
{
    private readonly IMessagePackFormatter<decimal> _decimal = MessagePackFormatters.Get<decimal>();
    private readonly IMessagePackFormatter<Guid> _guid = MessagePackFormatters.Get<Guid>();

    public void Serialize(ref MessagePackWriter writer, SerializationRecord? value)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(5);
        writer.Write(value.Account);
        _decimal.Serialize(ref writer, value.Amount);
        _guid.Serialize(ref writer, value.OperationId);
        writer.Write(value.Sequence);
        writer.Write(value.At);
    }

    public SerializationRecord? Deserialize(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        int count = reader.ReadArrayHeader();
        reader.DepthStep();
        var record = new SerializationRecord();
        for (int i = 0; i < count; i++)
        {
            switch (i)
            {
                case 0:
                    record.Account = reader.ReadString() ?? string.Empty;
                    break;
                case 1:
                    record.Amount = _decimal.Deserialize(ref reader);
                    break;
                case 2:
                    record.OperationId = _guid.Deserialize(ref reader);
                    break;
                case 3:
                    record.Sequence = reader.ReadInt32();
                    break;
                case 4:
                    record.At = reader.ReadDateTime();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        reader.Depth--;
        return record;
    }
}
