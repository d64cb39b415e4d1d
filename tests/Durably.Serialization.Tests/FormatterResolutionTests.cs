using System.Buffers;
using Durably.Runtime;

namespace Durably.Serialization.Tests;

public class FormatterResolutionTests
{
    /// <summary>A user type whose formatter is written the way generated code will be.</summary>
    public sealed record Point(int X, int Y);

    public sealed class Throwing;

    // Composed like generated code composes them: oblivious to nullable annotations, because the
    // string formatter reads nil as null (string?) while a dictionary's keys are string.
#nullable disable
    [Fact]
    public void Built_in_formatters_compose_statically_for_the_types_native_AOT_used_to_miss()
    {
        // The cases that failed under native AOT when the runtime closed generic formatters by reflection.
        Assert.Equal([1, -2, 300], RoundTripWith(BuiltInFormatters.List(BuiltInFormatters.Int32), [1, -2, 300]));
        var counts = new Dictionary<string, int> { ["a"] = 1, ["b"] = -1 };
        Assert.Equal(counts, RoundTripWith(BuiltInFormatters.Dictionary(BuiltInFormatters.String, BuiltInFormatters.Int32), counts));
        var balances = new Dictionary<string, decimal> { ["alice"] = 100.50m, ["bob"] = -0.01m };
        Assert.Equal(balances, RoundTripWith(BuiltInFormatters.Dictionary(BuiltInFormatters.String, BuiltInFormatters.Decimal), balances));
        Assert.Equal([3, 4], RoundTripWith(BuiltInFormatters.ImmutableArray(BuiltInFormatters.Int32), System.Collections.Immutable.ImmutableArray.Create(3, 4)).ToArray());
        var pair = new KeyValuePair<string, Guid>("id", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));
        Assert.Equal(pair, RoundTripWith(BuiltInFormatters.KeyValuePair(BuiltInFormatters.String, BuiltInFormatters.Guid), pair));
        int?[] sparse = [1, null, 3];
        Assert.Equal(sparse, RoundTripWith(BuiltInFormatters.Array(BuiltInFormatters.Nullable(BuiltInFormatters.Int32)), sparse));

        // Composed formatters write exactly what the type-driven test resolver's do.
        Assert.Equal(RoundTrip.Hex(balances), Convert.ToHexString(MessagePackSerializer.Serialize(balances, BuiltInFormatters.Dictionary(BuiltInFormatters.String, BuiltInFormatters.Decimal))));
    }

#nullable restore

    [Fact]
    public void The_runtime_closes_no_generic_type_and_creates_no_instance_by_reflection()
    {
        // What native AOT cannot do for instantiations it did not see: none of it may be referenced.
        using FileStream stream = File.OpenRead(typeof(BuiltInFormatters).Assembly.Location);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        System.Reflection.Metadata.MetadataReader metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var found = new List<string>();
        foreach (System.Reflection.Metadata.MemberReferenceHandle handle in metadata.MemberReferences)
        {
            System.Reflection.Metadata.MemberReference member = metadata.GetMemberReference(handle);
            string name = metadata.GetString(member.Name);
            string parent = member.Parent.Kind == System.Reflection.Metadata.HandleKind.TypeReference
                ? metadata.GetString(metadata.GetTypeReference((System.Reflection.Metadata.TypeReferenceHandle)member.Parent).Name)
                : string.Empty;
            if (name is "MakeGenericType" or "MakeGenericMethod" || (parent == "Activator" && name.StartsWith("CreateInstance", StringComparison.Ordinal)))
            {
                found.Add(parent + "." + name);
            }
        }

        Assert.Empty(found);
        Assert.NotEmpty(metadata.MemberReferences);
    }

    [Fact]
    public void User_formatters_compose_with_the_built_ins()
    {
        var pointFormatter = new PointFormatter();
        var points = new List<Point?> { new(1, 2), null, new(-3, 400) };
        IMessagePackFormatter<List<Point?>?> list = BuiltInFormatters.List(pointFormatter);
        byte[] bytes = MessagePackSerializer.Serialize(points, list);
        Assert.Equal("93920102C092FDCD0190", Convert.ToHexString(bytes));
        Assert.Equal(points, MessagePackSerializer.Deserialize(bytes, list));
#nullable disable
        IMessagePackFormatter<Dictionary<string, Point>> map = BuiltInFormatters.Dictionary(BuiltInFormatters.String, pointFormatter);
        Assert.Equal(new Point(5, 6), MessagePackSerializer.Deserialize(MessagePackSerializer.Serialize(new Dictionary<string, Point> { ["p"] = new(5, 6) }, map), map)["p"]);
#nullable restore

        // Unknown trailing members are skipped, as generated formatters do for forward compatibility.
        Assert.Equal(new Point(1, 2), MessagePackSerializer.Deserialize(MessagePackBytes.Hex("93010292A16103"), pointFormatter));
    }

    private static T RoundTripWith<T>(IMessagePackFormatter<T> formatter, T value) =>
        MessagePackSerializer.Deserialize(MessagePackSerializer.Serialize(value, formatter), formatter);

    [Fact]
    public void Formatter_exceptions_of_other_types_are_wrapped_with_the_offset()
    {
        TestFormatters.Register(new ThrowingFormatter());
        MessagePackSerializationException read = Assert.Throws<MessagePackSerializationException>(() => TestSerializer.Deserialize<List<Throwing>>(new byte[] { 0x92, 0xC0, 0x01 }));
        Assert.IsType<InvalidOperationException>(read.InnerException);
        Assert.Equal(3, read.Offset);
        Assert.Contains("List<", read.Message, StringComparison.Ordinal);
        MessagePackSerializationException write = Assert.Throws<MessagePackSerializationException>(() => TestSerializer.Serialize(new Throwing()));
        Assert.IsType<InvalidOperationException>(write.InnerException);
    }

    [Fact]
    public void Deserialize_requires_exactly_one_value()
    {
        MessagePackSerializationException ex = Assert.Throws<MessagePackSerializationException>(() => TestSerializer.Deserialize<int>(new byte[] { 0x01, 0x02 }));
        Assert.Equal(1, ex.Offset);
        Assert.Contains("more bytes", ex.Message, StringComparison.Ordinal);
        Assert.Throws<MessagePackSerializationException>(() => TestSerializer.Deserialize<int>(ReadOnlyMemory<byte>.Empty));

        // Through a reader, the caller decides: several values may follow one another.
        var reader = new MessagePackReader(new byte[] { 0x01, 0x02 });
        Assert.Equal(1, TestSerializer.Deserialize<int>(ref reader));
        Assert.Equal(2, TestSerializer.Deserialize<int>(ref reader));
        Assert.True(reader.End);
        Assert.Equal(7, TestSerializer.Deserialize<int>(new ReadOnlySequence<byte>(new byte[] { 0x07 })));
    }

    [Fact]
    public void Serialize_is_reentrant()
    {
        TestFormatters.Register(new NestingFormatter());
        byte[] bytes = TestSerializer.Serialize(new Nesting("outer", new Nesting("inner", null)));
        Nesting back = TestSerializer.Deserialize<Nesting>(bytes);
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

    /// <summary>Serializes its inner value to a byte array first, re-entering TestSerializer.Serialize.</summary>
    private sealed class NestingFormatter : IMessagePackFormatter<Nesting>
    {
        public void Serialize(ref MessagePackWriter writer, Nesting value)
        {
            writer.WriteArrayHeader(2);
            writer.Write(value.Name);
            writer.Write(value.Inner is null ? null : TestSerializer.Serialize(value.Inner));
        }

        public Nesting Deserialize(ref MessagePackReader reader)
        {
            reader.ReadArrayHeader();
            string name = reader.ReadString()!;
            byte[]? inner = reader.ReadBytes()?.ToArray();
            return new Nesting(name, inner is null ? null : TestSerializer.Deserialize<Nesting>(inner));
        }
    }
}
