using System.Buffers;
using Durably.Runtime;

namespace Durably.Serialization.Tests;

public class FormatterResolutionTests
{
    /// <summary>A user type whose formatter is written the way generated code will be.</summary>
    public sealed record Point(int X, int Y);

    public sealed class Unformattable;

    public sealed class Throwing;

    [Fact]
    public void Formatters_are_resolved_once_and_cached()
    {
        Assert.Same(MessagePackFormatters.Get<int>(), MessagePackFormatters.Get<int>());
        Assert.Same(MessagePackFormatters.Get<List<Dictionary<string, int[]>>>(), MessagePackFormatters.Get<List<Dictionary<string, int[]>>>());
        Assert.Same(MessagePackFormatters.Get<(int, string)?>(), MessagePackFormatters.Get<(int, string)?>());
    }

    [Fact]
    public void A_type_without_a_formatter_is_named_in_the_error()
    {
        MessagePackSerializationException direct = Assert.Throws<MessagePackSerializationException>(() => MessagePackFormatters.Get<Unformattable>());
        Assert.Contains("FormatterResolutionTests.Unformattable", direct.Message, StringComparison.Ordinal);

        MessagePackSerializationException composed = Assert.Throws<MessagePackSerializationException>(() => MessagePackFormatters.Get<Dictionary<string, List<Unformattable>>>());
        Assert.Contains("Dictionary<String, List<", composed.Message, StringComparison.Ordinal);
        Assert.Contains("Unformattable", composed.Message, StringComparison.Ordinal);

        Assert.Throws<MessagePackSerializationException>(() => MessagePackSerializer.Serialize(new Unformattable()));
        Assert.Throws<MessagePackSerializationException>(() => MessagePackFormatters.Get<int[,]>());
        Assert.Throws<MessagePackSerializationException>(() => MessagePackFormatters.Get<object>());
    }

    [Fact]
    public void Registered_formatters_compose_with_the_built_ins()
    {
        MessagePackFormatters.Register(new PointFormatter());
        var points = new List<Point?> { new(1, 2), null, new(-3, 400) };
        List<Point?> back = RoundTrip.Of(points, out string hex);
        Assert.Equal(points, back);
        Assert.Equal("93920102C092FDCD0190", hex);
        Assert.Equal(new Point(5, 6), RoundTrip.Of(new Dictionary<string, Point> { ["p"] = new(5, 6) })["p"]);

        // Unknown trailing members are skipped, as generated formatters will do for forward compatibility.
        Assert.Equal(new Point(1, 2), RoundTrip.FromHex<Point>("93010292A16103"));
    }

    [Fact]
    public void Formatter_exceptions_of_other_types_are_wrapped_with_the_offset()
    {
        MessagePackFormatters.Register(new ThrowingFormatter());
        MessagePackSerializationException read = Assert.Throws<MessagePackSerializationException>(() => MessagePackSerializer.Deserialize<List<Throwing>>(new byte[] { 0x92, 0xC0, 0x01 }));
        Assert.IsType<InvalidOperationException>(read.InnerException);
        Assert.Equal(3, read.Offset);
        Assert.Contains("List<", read.Message, StringComparison.Ordinal);
        MessagePackSerializationException write = Assert.Throws<MessagePackSerializationException>(() => MessagePackSerializer.Serialize(new Throwing()));
        Assert.IsType<InvalidOperationException>(write.InnerException);
    }

    [Fact]
    public void Deserialize_requires_exactly_one_value()
    {
        MessagePackSerializationException ex = Assert.Throws<MessagePackSerializationException>(() => MessagePackSerializer.Deserialize<int>(new byte[] { 0x01, 0x02 }));
        Assert.Equal(1, ex.Offset);
        Assert.Contains("more bytes", ex.Message, StringComparison.Ordinal);
        Assert.Throws<MessagePackSerializationException>(() => MessagePackSerializer.Deserialize<int>(ReadOnlyMemory<byte>.Empty));

        // Through a reader, the caller decides: several values may follow one another.
        var reader = new MessagePackReader(new byte[] { 0x01, 0x02 });
        Assert.Equal(1, MessagePackSerializer.Deserialize<int>(ref reader));
        Assert.Equal(2, MessagePackSerializer.Deserialize<int>(ref reader));
        Assert.True(reader.End);
        Assert.Equal(7, MessagePackSerializer.Deserialize<int>(new ReadOnlySequence<byte>(new byte[] { 0x07 })));
    }

    [Fact]
    public void Serialize_is_reentrant()
    {
        MessagePackFormatters.Register(new NestingFormatter());
        byte[] bytes = MessagePackSerializer.Serialize(new Nesting("outer", new Nesting("inner", null)));
        Nesting back = MessagePackSerializer.Deserialize<Nesting>(bytes);
        Assert.Equal("outer", back.Name);
        Assert.Equal("inner", back.Inner!.Name);
    }

    public sealed record Nesting(string Name, Nesting? Inner);

    private sealed class PointFormatter : IMessagePackFormatter<Point?>
    {
        public void Serialize(ref MessagePackWriter writer, Point? value)
        {
            if (value is null)
            {
                writer.WriteNil();
                return;
            }

            writer.WriteArrayHeader(2);
            writer.Write(value.X);
            writer.Write(value.Y);
        }

        public Point? Deserialize(ref MessagePackReader reader)
        {
            if (reader.TryReadNil())
            {
                return null;
            }

            int count = reader.ReadArrayHeader();
            reader.DepthStep();
            int x = 0, y = 0;
            for (int i = 0; i < count; i++)
            {
                switch (i)
                {
                    case 0:
                        x = reader.ReadInt32();
                        break;
                    case 1:
                        y = reader.ReadInt32();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            reader.Depth--;
            return new Point(x, y);
        }
    }

    private sealed class ThrowingFormatter : IMessagePackFormatter<Throwing>
    {
        public void Serialize(ref MessagePackWriter writer, Throwing value) => throw new InvalidOperationException("cannot write");

        public Throwing Deserialize(ref MessagePackReader reader)
        {
            if (reader.TryReadNil())
            {
                return new Throwing();
            }

            reader.ReadInt32();
            throw new InvalidOperationException("cannot read");
        }
    }

    /// <summary>Serializes its inner value to a byte array first, re-entering MessagePackSerializer.Serialize.</summary>
    private sealed class NestingFormatter : IMessagePackFormatter<Nesting>
    {
        public void Serialize(ref MessagePackWriter writer, Nesting value)
        {
            writer.WriteArrayHeader(2);
            writer.Write(value.Name);
            writer.Write(value.Inner is null ? null : MessagePackSerializer.Serialize(value.Inner));
        }

        public Nesting Deserialize(ref MessagePackReader reader)
        {
            reader.ReadArrayHeader();
            string name = reader.ReadString()!;
            byte[]? inner = reader.ReadBytes()?.ToArray();
            return new Nesting(name, inner is null ? null : MessagePackSerializer.Deserialize<Nesting>(inner));
        }
    }
}
