using Durably.Runtime;
using static Durably.Serialization.Tests.MessagePackBytes;

namespace Durably.Serialization.Tests;

public class HostileInputTests
{
    [Theory]
    [InlineData("DBFFFFFFFF61", 0)]          // str 32 claiming 4 GiB
    [InlineData("9201DA0100616263", 2)]      // str 16 claiming 256 bytes, 3 present, at offset 2
    [InlineData("C6FFFFFFFF00", 0)]          // bin 32 claiming 4 GiB
    [InlineData("C9FFFFFFFF0100", 0)]        // ext 32 claiming 4 GiB
    [InlineData("A5616263", 0)]              // fixstr claiming 5, 3 present
    public void Lengths_beyond_the_input_are_refused_before_anything_is_allocated(string hex, long offset)
    {
        byte[] bytes = Hex(hex);
        MessagePackSerializationException skip = ReadFails(bytes, (ref MessagePackReader r) =>
        {
            r.Skip();
            r.Skip();
            return 0;
        });
        Assert.Equal(offset, skip.Offset);
        Assert.Contains("ends inside", skip.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DDFFFFFFFF", "claims 4294967295 elements")]
    [InlineData("DD7FFFFFFF01", "claims 2147483647 elements")]
    [InlineData("DC00030102", "claims 3 elements")]
    [InlineData("9F", "claims 15 elements")]
    [InlineData("DFFFFFFFFF", "claims 4294967295 entries")]
    [InlineData("DE0002010203", "claims 2 entries")]
    [InlineData("810A", "claims 1 entries")]
    public void Counts_the_remaining_bytes_cannot_hold_are_refused(string hex, string claim)
    {
        byte[] bytes = Hex(hex);
        bool isMap = MessagePackCode.ToMessagePackType(bytes[0]) == MessagePackType.Map;
        MessagePackSerializationException header = ReadFails(bytes, (ref MessagePackReader r) => isMap ? r.ReadMapHeader() : r.ReadArrayHeader());
        Assert.Contains(claim, header.Message, StringComparison.Ordinal);
        Assert.Equal(0, header.Offset);
        MessagePackSerializationException skip = ReadFails(bytes, (ref MessagePackReader r) =>
        {
            r.Skip();
            return 0;
        });
        Assert.Contains(claim, skip.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_never_used_code_is_refused_everywhere()
    {
        foreach (ReadFunc<object?> read in new ReadFunc<object?>[]
        {
            (ref MessagePackReader r) => { r.Skip(); return null; },
            (ref MessagePackReader r) => r.ReadInt32(),
            (ref MessagePackReader r) => r.ReadUInt64(),
            (ref MessagePackReader r) => r.ReadString(),
            (ref MessagePackReader r) => r.ReadBytes(),
            (ref MessagePackReader r) => r.ReadDouble(),
            (ref MessagePackReader r) => r.ReadBoolean(),
            (ref MessagePackReader r) => r.ReadArrayHeader(),
            (ref MessagePackReader r) => r.ReadMapHeader(),
            (ref MessagePackReader r) => r.ReadExtensionFormat(),
            (ref MessagePackReader r) => r.ReadDateTime(),
        })
        {
            MessagePackSerializationException ex = ReadFails(Hex("93 01 02 C1"), (ref MessagePackReader r) =>
            {
                r.ReadArrayHeader();
                r.ReadInt32();
                r.ReadInt32();
                return read(ref r);
            });
            Assert.Equal(3, ex.Offset);
            Assert.Contains("0xc1", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(MessagePackType.Unknown, new MessagePackReader(Hex("C1")).NextMessagePackType);
    }

    [Theory]
    [InlineData("A2C328")]              // C3 needs a continuation byte
    [InlineData("A2C080")]              // overlong NUL
    [InlineData("A3EDA080")]            // an encoded UTF-16 surrogate
    [InlineData("A4F4908080")]          // beyond U+10FFFF
    [InlineData("A1FF")]
    [InlineData("A2E282")]              // truncated sequence at the end of the payload
    public void Invalid_utf8_is_refused_with_the_offset_of_the_str(string hex)
    {
        byte[] bytes = Hex("91" + hex);
        MessagePackSerializationException ex = ReadFails(bytes, (ref MessagePackReader r) =>
        {
            r.ReadArrayHeader();
            return r.ReadString();
        });
        Assert.Equal(1, ex.Offset);
        Assert.Contains("not valid UTF-8", ex.Message, StringComparison.Ordinal);

        // The same across segment boundaries.
        MessagePackSerializationException segmented = Assert.Throws<MessagePackSerializationException>(() =>
        {
            var reader = new MessagePackReader(OneBytePerSegment(bytes));
            reader.ReadArrayHeader();
            reader.ReadString();
        });
        Assert.Equal(1, segmented.Offset);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_by_Skip()
    {
        byte[] hundred = Nested(100);
        var reader = new MessagePackReader(hundred);
        reader.Skip();
        Assert.True(reader.End);

        MessagePackSerializationException ex = ReadFails(Nested(101), (ref MessagePackReader r) =>
        {
            r.Skip();
            return 0;
        });
        Assert.Equal(100, ex.Offset);
        Assert.Contains("maximum depth of 100", ex.Message, StringComparison.Ordinal);

        var five = new MessagePackReader(Nested(5)) { MaximumDepth = 5 };
        five.Skip();
        Assert.True(five.End);
        MessagePackSerializationException custom = ReadFails(Nested(6), (ref MessagePackReader r) =>
        {
            r.Skip();
            return 0;
        }, maximumDepth: 5);
        Assert.Contains("maximum depth of 5", custom.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skip_handles_nesting_far_beyond_its_inline_stack_and_counts_enclosing_depth()
    {
        byte[] deep = Nested(5000);
        var reader = new MessagePackReader(deep) { MaximumDepth = 5000 };
        reader.Skip();
        Assert.True(reader.End);

        // Depth already entered by formatters counts against the limit.
        var inner = new MessagePackReader(Nested(3)) { MaximumDepth = 4 };
        inner.DepthStep();
        inner.Skip();
        var tooDeep = new MessagePackReader(Nested(3)) { MaximumDepth = 4 };
        tooDeep.DepthStep();
        tooDeep.DepthStep();
        try
        {
            tooDeep.Skip();
            Assert.Fail("Skip should have refused a third level under two entered ones.");
        }
        catch (MessagePackSerializationException ex)
        {
            Assert.Equal(2, ex.Offset);
        }
    }

    [Fact]
    public void Wide_flat_containers_do_not_count_as_depth()
    {
        byte[] bytes = MessagePackBytes.Write((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(1000);
            for (int i = 0; i < 1000; i++)
            {
                w.WriteMapHeader(1);
                w.Write(i);
                w.WriteArrayHeader(0);
            }
        });
        var reader = new MessagePackReader(bytes) { MaximumDepth = 3 };
        reader.Skip();
        Assert.True(reader.End);
    }

    [Fact]
    public void Every_truncation_of_a_valid_message_is_refused_with_an_offset()
    {
        byte[] message = MessagePackBytes.Write((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(8);
            w.Write("héllo wörld, long enough for str 8 ......");
            w.Write(ulong.MaxValue);
            w.Write(-1234567890123L);
            w.Write(2.5);
            w.Write(new byte[40]);
            w.WriteMapHeader(1);
            w.Write(1);
            w.Write(new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            w.WriteExtensionFormat(new ExtensionResult(9, new byte[16]));
            w.WriteNil();
        });
        for (int length = 0; length < message.Length; length++)
        {
            byte[] prefix = message.AsSpan(0, length).ToArray();
            MessagePackSerializationException ex = ReadFails(prefix, (ref MessagePackReader r) =>
            {
                r.Skip();
                return 0;
            });
            Assert.NotNull(ex.Offset);
            Assert.InRange(ex.Offset!.Value, 0, length);
            Assert.Contains("offset", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Reading_past_the_end_names_the_offset()
    {
        MessagePackSerializationException ex = ReadFails("01", (ref MessagePackReader r) =>
        {
            r.ReadInt32();
            return r.ReadInt32();
        });
        Assert.Equal(1, ex.Offset);
        Assert.Contains("ends at offset 1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<MessagePackSerializationException>(() => new MessagePackReader(ReadOnlyMemory<byte>.Empty).NextCode);
        Assert.Throws<MessagePackSerializationException>(() => new MessagePackReader(ReadOnlyMemory<byte>.Empty).TryReadNil());
    }

    [Fact]
    public void DepthStep_enforces_the_limit_for_formatters()
    {
        var reader = new MessagePackReader(Hex("C0")) { MaximumDepth = 2 };
        reader.DepthStep();
        reader.DepthStep();
        Assert.Equal(2, reader.Depth);
        try
        {
            reader.DepthStep();
            Assert.Fail("A third level should have been refused.");
        }
        catch (MessagePackSerializationException ex)
        {
            Assert.Contains("maximum depth of 2", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_negative_depth_limit_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackReader(Hex("C0")) { MaximumDepth = -1 });
    }

    private static byte[] Nested(int depth)
    {
        byte[] bytes = new byte[depth + 1];
        bytes.AsSpan(0, depth).Fill(0x91);
        bytes[depth] = 0xC0;
        return bytes;
    }
}
