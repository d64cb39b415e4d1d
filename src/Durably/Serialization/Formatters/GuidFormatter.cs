using System.Buffers;
using System.Buffers.Text;

namespace Durably.Runtime;

/// <summary>Guid as its 36-char "D" text in a str 8 (MessagePack-CSharp's convention).</summary>
internal sealed class GuidFormatter : IMessagePackFormatter<Guid>
{
    public static readonly GuidFormatter Instance = new();

    private const int TextLength = 36;

    public void Serialize(ref MessagePackWriter writer, Guid value)
    {
        Span<byte> span = writer.GetSpan(2 + TextLength);
        span[0] = MessagePackCode.Str8;
        span[1] = TextLength;
        Utf8Formatter.TryFormat(value, span.Slice(2, TextLength), out _, 'D');
        writer.Advance(2 + TextLength);
    }

    public Guid Deserialize(ref MessagePackReader reader)
    {
        long start = reader.Consumed;
        Span<byte> copy = stackalloc byte[TextLength];
        scoped ReadOnlySpan<byte> text;
        if (reader.TryReadStringSpan(out ReadOnlySpan<byte> utf8))
        {
            text = utf8;
        }
        else
        {
            // The payload spans segments: it is a string, so its length is known and bounded.
            ReadOnlySequence<byte> payload = reader.ReadStringSequence()!.Value;
            if (payload.Length != TextLength)
            {
                throw WrongLength(start, payload.Length);
            }

            payload.CopyTo(copy);
            text = copy;
        }

        if (text.Length != TextLength)
        {
            throw WrongLength(start, text.Length);
        }

        if (!Utf8Parser.TryParse(text, out Guid value, out int consumed, 'D') || consumed != TextLength)
        {
            throw new MessagePackSerializationException($"The str at offset {start} is not a Guid in \"D\" form (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).", start);
        }

        return value;
    }

    private static MessagePackSerializationException WrongLength(long offset, long length) =>
        new($"The str at offset {offset} is {length} bytes long; a Guid is 36 (\"D\" form).", offset);
}
