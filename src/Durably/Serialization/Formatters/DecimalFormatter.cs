using System.Buffers;
using System.Globalization;

namespace Durably.Runtime;

/// <summary>
/// decimal as its invariant text in a str (MessagePack-CSharp's convention), which keeps the
/// scale: 1.50m is written "1.50". Reading also accepts integers and floats from other writers.
/// </summary>
internal sealed class DecimalFormatter : IMessagePackFormatter<decimal>
{
    public static readonly DecimalFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, decimal value)
    {
        // The invariant text of any decimal is at most 31 bytes: always a fixstr.
        Span<byte> span = writer.GetSpan(1 + DecimalText.MaxLength);
        if (DecimalText.TryFormat(value, span.Slice(1, DecimalText.MaxLength), out int written))
        {
            span[0] = (byte)(MessagePackCode.MinFixStr | written);
            writer.Advance(1 + written);
        }
        else
        {
            writer.Write(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    public decimal Deserialize(ref MessagePackReader reader)
    {
        long start = reader.Consumed;
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.String:
                if (reader.TryReadStringSpan(out ReadOnlySpan<byte> utf8))
                {
                    return ParseText(utf8, start);
                }

                // The text spans input segments: gather it (its length is bounded by the input).
                ReadOnlySequence<byte> text = reader.ReadStringSequence()!.Value;
                byte[] buffer = ArrayPool<byte>.Shared.Rent((int)text.Length);
                try
                {
                    text.CopyTo(buffer);
                    return ParseText(buffer.AsSpan(0, (int)text.Length), start);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

            case MessagePackType.Integer:
                return reader.NextCode == MessagePackCode.UInt64 ? reader.ReadUInt64() : reader.ReadInt64();
            case MessagePackType.Float:
                double number = reader.ReadDouble();
                if (!double.IsFinite(number) || Math.Abs(number) >= 7.9228162514264338e28)
                {
                    throw new MessagePackSerializationException(
                        $"The float {number.ToString("R", CultureInfo.InvariantCulture)} at offset {start} does not fit Decimal.", start);
                }

                return (decimal)number;
            default:
                throw new MessagePackSerializationException(
                    $"Expected a decimal (str, integer or float) at offset {start} but found {MessagePackCode.ToFormatName(reader.NextCode)}.", start);
        }
    }

    private static decimal ParseText(ReadOnlySpan<byte> utf8, long offset)
    {
        // The whole text must be the invariant grammar: "1,5", white space and trailing garbage are refused.
        if (!DecimalText.TryParse(utf8, out decimal value))
        {
            throw new MessagePackSerializationException($"The str at offset {offset} is not an invariant-culture decimal number.", offset);
        }

        return value;
    }
}
