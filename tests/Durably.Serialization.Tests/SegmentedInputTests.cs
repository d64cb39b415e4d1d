using System.Buffers;
using Durably.Runtime;
using static Durably.Serialization.Tests.MessagePackBytes;

namespace Durably.Serialization.Tests;

public class SegmentedInputTests
{
    private static readonly byte[] Message = MessagePackBytes.Write((ref MessagePackWriter w) =>
    {
        w.WriteArrayHeader(12);
        w.Write(300);
        w.Write(long.MinValue);
        w.Write(ulong.MaxValue);
        w.Write(1.25f);
        w.Write(-2.5);
        w.Write("short");
        w.Write("a somewhat longer string with ümlauts and € signs, past fixstr");
        w.Write(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
        w.Write(new DateTime(2500, 1, 1, 0, 0, 0, 1, DateTimeKind.Utc));
        w.WriteExtensionFormat(new ExtensionResult(4, new byte[] { 9, 8, 7 }));
        w.WriteMapHeader(1);
        w.Write("k");
        w.Write(true);
        w.WriteNil();
    });

    private static string Describe(ref MessagePackReader reader)
    {
        var parts = new List<string>
        {
            reader.ReadArrayHeader().ToString(System.Globalization.CultureInfo.InvariantCulture),
            reader.ReadInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            reader.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            reader.ReadUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            reader.ReadSingle().ToString(System.Globalization.CultureInfo.InvariantCulture),
            reader.ReadDouble().ToString(System.Globalization.CultureInfo.InvariantCulture),
            reader.ReadString()!,
            reader.ReadString()!,
            Convert.ToHexString(reader.ReadBytes()!.Value.ToArray()),
            reader.ReadDateTime().Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        ExtensionResult ext = reader.ReadExtensionFormat();
        parts.Add(ext.TypeCode + ":" + Convert.ToHexString(ext.Data.ToArray()));
        parts.Add(reader.ReadMapHeader().ToString(System.Globalization.CultureInfo.InvariantCulture));
        parts.Add(reader.ReadString()!);
        parts.Add(reader.ReadBoolean().ToString());
        parts.Add(reader.TryReadNil().ToString());
        Assert.True(reader.End);
        return string.Join("|", parts);
    }

    [Fact]
    public void A_cut_at_every_position_reads_the_same_as_contiguous_memory()
    {
        var contiguous = new MessagePackReader(Message);
        string expected = Describe(ref contiguous);
        for (int cut = 1; cut < Message.Length; cut++)
        {
            var reader = new MessagePackReader(Segmented(Message, cut));
            Assert.Equal(expected, Describe(ref reader));
        }
    }

    [Fact]
    public void One_byte_segments_with_empty_ones_between_read_the_same()
    {
        var contiguous = new MessagePackReader(Message);
        string expected = Describe(ref contiguous);
        var reader = new MessagePackReader(OneBytePerSegment(Message));
        Assert.Equal(expected, Describe(ref reader));

        var skipping = new MessagePackReader(OneBytePerSegment(Message));
        skipping.Skip();
        Assert.True(skipping.End);
        Assert.Equal(Message.Length, skipping.Consumed);
    }

    [Fact]
    public void ReadRaw_slices_across_segments_without_changing_bytes()
    {
        var reader = new MessagePackReader(OneBytePerSegment(Message));
        reader.ReadArrayHeader();
        reader.ReadInt32();
        long start = reader.Consumed;
        ReadOnlySequence<byte> raw = reader.ReadRaw();
        Assert.Equal(Message.AsSpan((int)start, (int)raw.Length).ToArray(), raw.ToArray());
        Assert.Equal(long.MinValue, new MessagePackReader(raw).ReadInt64());
    }

    [Fact]
    public void TryReadStringSpan_declines_a_payload_that_spans_segments_without_consuming_it()
    {
        byte[] bytes = Hex("A3616263");
        var reader = new MessagePackReader(Segmented(bytes, 2));
        Assert.False(reader.TryReadStringSpan(out _));
        Assert.Equal(0, reader.Consumed);
        Assert.Equal("abc", reader.ReadString());

        var whole = new MessagePackReader(Segmented(bytes, 1));
        Assert.True(whole.TryReadStringSpan(out ReadOnlySpan<byte> span));
        Assert.Equal("abc"u8.ToArray(), span.ToArray());
    }

    [Fact]
    public void Truncation_inside_a_segmented_value_names_the_value_offset()
    {
        byte[] truncated = Hex("92 01 CE 0000");
        MessagePackSerializationException ex = Assert.Throws<MessagePackSerializationException>(() =>
        {
            var reader = new MessagePackReader(OneBytePerSegment(truncated));
            reader.ReadArrayHeader();
            reader.ReadInt32();
            reader.ReadUInt32();
        });
        Assert.Equal(2, ex.Offset);
        Assert.Contains("uint 32", ex.Message, StringComparison.Ordinal);
    }
}
