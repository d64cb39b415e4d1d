using System.Text.Json;
using Durably.Runtime;
using Durably.Storage;
using Durably.Tool.Output;

namespace Durably.Tool.Inspection;

/// <summary>
/// A log record decoded generically: an operation record is a MessagePack array whose first
/// element is the operation's name and whose others are its arguments (docs/format.md). A record
/// that is not shaped so (a log written through the log API directly) is shown as its bytes.
/// </summary>
internal sealed record DecodedRecord(long Sequence, string? Operation, IReadOnlyList<string> ArgumentsJson, ReadOnlyMemory<byte> Raw, string? Problem)
{
    internal static DecodedRecord From(LogRecord record)
    {
        try
        {
            var reader = new MessagePackReader(record.Payload);
            if (reader.NextMessagePackType != MessagePackType.Array)
            {
                return new DecodedRecord(record.Sequence, null, [], record.Payload, "not an operation record (no MessagePack array)");
            }

            int count = reader.ReadArrayHeader();
            if (count < 1 || reader.NextMessagePackType != MessagePackType.String)
            {
                return new DecodedRecord(record.Sequence, null, [], record.Payload, "not an operation record (no operation name first)");
            }

            string name = reader.ReadString()!;
            var arguments = new string[count - 1];
            for (int i = 0; i < arguments.Length; i++)
            {
                arguments[i] = MessagePackJson.ToJson(ref reader);
            }

            return reader.End
                ? new DecodedRecord(record.Sequence, name, arguments, record.Payload, null)
                : new DecodedRecord(record.Sequence, name, arguments, record.Payload, "bytes left over after the record");
        }
        catch (MessagePackSerializationException e)
        {
            return new DecodedRecord(record.Sequence, null, [], record.Payload, "does not decode: " + e.Message);
        }
    }

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("sequence", Sequence);
        writer.WriteString("operation", Operation);
        writer.WriteStartArray("arguments");
        foreach (string argument in ArgumentsJson)
        {
            writer.WriteRawValue(argument, skipInputValidation: true);
        }

        writer.WriteEndArray();
        if (Problem is not null)
        {
            writer.WriteString("problem", Problem);
            writer.WriteBase64String("base64", Raw.Span);
        }

        writer.WriteEndObject();
    }

    internal string ToText() => Problem is null
        ? $"{Sequence,8}  {Operation}({string.Join(", ", ArgumentsJson)})"
        : $"{Sequence,8}  {(Operation is null ? string.Empty : Operation + " ")}<{Problem}> {Convert.ToHexString(Raw.Span[..Math.Min(Raw.Length, 64)])}{(Raw.Length > 64 ? "..." : string.Empty)}";
}
