using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Durably.Runtime;

namespace Durably.Tool.Output;

/// <summary>
/// Writes any MessagePack value as JSON, without knowing the types that wrote it: integers as
/// numbers, binary as base64, maps with string keys as objects (other keys as their JSON text),
/// the timestamp extension as an ISO 8601 string, other extensions as <c>{"ext":n,"base64":...}</c>.
/// Values nested deeper than <see cref="MaxDepth"/> are refused, like any hostile input.
/// </summary>
internal static class MessagePackJson
{
    // What the runtime writes and reads back: an argument or field nested up to the reader's limit.
    internal const int MaxDepth = MessagePackReader.DefaultMaximumDepth;
    private const sbyte TimestampExtension = -1;

    internal static void Write(ref MessagePackReader reader, Utf8JsonWriter writer, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new MessagePackSerializationException($"The value nests deeper than {MaxDepth} levels.");
        }

        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                writer.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                writer.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer:
                WriteInteger(ref reader, writer);
                break;
            case MessagePackType.Float:
                double value = reader.ReadDouble();
                if (double.IsFinite(value))
                {
                    writer.WriteNumberValue(value);
                }
                else
                {
                    writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case MessagePackType.String:
                writer.WriteStringValue(reader.ReadString());
                break;
            case MessagePackType.Binary:
                ReadOnlySequence<byte>? bytes = reader.ReadBytes();
                writer.WriteBase64StringValue(bytes is null ? [] : bytes.Value.ToArray());
                break;
            case MessagePackType.Array:
                int count = reader.ReadArrayHeader();
                writer.WriteStartArray();
                for (int i = 0; i < count; i++)
                {
                    Write(ref reader, writer, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case MessagePackType.Map:
                int pairs = reader.ReadMapHeader();
                writer.WriteStartObject();
                for (int i = 0; i < pairs; i++)
                {
                    writer.WritePropertyName(KeyText(ref reader, depth + 1));
                    Write(ref reader, writer, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case MessagePackType.Extension:
                ExtensionHeader header = reader.ReadExtensionFormatHeader();
                if (header.TypeCode == TimestampExtension)
                {
                    writer.WriteStringValue(reader.ReadDateTime(header).ToString("O", CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("ext", header.TypeCode);
                    writer.WriteBase64String("base64", reader.ReadRaw(header.Length).ToArray());
                    writer.WriteEndObject();
                }

                break;
            default:
                throw new MessagePackSerializationException("The data is not MessagePack (an unused format byte).");
        }
    }

    /// <summary>One value as compact JSON text.</summary>
    internal static string ToJson(ref MessagePackReader reader)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(ref reader, writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteInteger(ref MessagePackReader reader, Utf8JsonWriter writer)
    {
        // Only uint64 values above long.MaxValue need the unsigned read.
        MessagePackReader before = reader;
        try
        {
            writer.WriteNumberValue(reader.ReadInt64());
        }
        catch (Exception e) when (e is MessagePackSerializationException or OverflowException)
        {
            reader = before;
            writer.WriteNumberValue(reader.ReadUInt64());
        }
    }

    private static string KeyText(ref MessagePackReader reader, int depth) =>
        reader.NextMessagePackType == MessagePackType.String ? reader.ReadString() ?? "null" : ToJson(ref reader, depth);

    private static string ToJson(ref MessagePackReader reader, int depth)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(ref reader, writer, depth);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
