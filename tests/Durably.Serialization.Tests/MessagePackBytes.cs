using System.Buffers;
using Durably.Runtime;

namespace Durably.Serialization.Tests;

/// <summary>Writes with a <see cref="MessagePackWriter"/> into a byte array.</summary>
internal delegate void WriteAction(ref MessagePackWriter writer);

/// <summary>Reads with a <see cref="MessagePackReader"/>.</summary>
internal delegate T ReadFunc<out T>(ref MessagePackReader reader);

/// <summary>Small encode/decode conveniences shared by the tests.</summary>
internal static class MessagePackBytes
{
    public static byte[] Write(WriteAction action)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        action(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static string WriteHex(WriteAction action) => Convert.ToHexString(Write(action));

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    /// <summary>Reads one value and asserts the whole input was consumed.</summary>
    public static T ReadAll<T>(byte[] bytes, ReadFunc<T> read)
    {
        var reader = new MessagePackReader(bytes);
        T value = read(ref reader);
        Assert.True(reader.End, $"{bytes.Length - reader.Consumed} bytes left unread");
        return value;
    }

    public static T ReadAll<T>(string hex, ReadFunc<T> read) => ReadAll(Hex(hex), read);

    /// <summary>Runs <paramref name="read"/> and returns the MessagePackSerializationException it must throw.</summary>
    public static MessagePackSerializationException ReadFails<T>(byte[] bytes, ReadFunc<T> read, int maximumDepth = MessagePackReader.DefaultMaximumDepth)
    {
        try
        {
            var reader = new MessagePackReader(bytes) { MaximumDepth = maximumDepth };
            read(ref reader);
        }
        catch (MessagePackSerializationException ex)
        {
            return ex;
        }

        throw new Xunit.Sdk.XunitException($"Expected a MessagePackSerializationException reading {Convert.ToHexString(bytes)}.");
    }

    public static MessagePackSerializationException ReadFails<T>(string hex, ReadFunc<T> read) => ReadFails(Hex(hex), read);

    /// <summary>Splits <paramref name="bytes"/> into a sequence of segments at the given cut points.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, params int[] cuts)
    {
        var bounds = new List<int> { 0 };
        bounds.AddRange(cuts);
        bounds.Add(bytes.Length);
        SequenceSegment? first = null;
        SequenceSegment? last = null;
        for (int i = 0; i + 1 < bounds.Count; i++)
        {
            // Copy each piece so a reader that strays past a segment end cannot see the next bytes.
            byte[] piece = bytes.AsSpan(bounds[i], bounds[i + 1] - bounds[i]).ToArray();
            if (last is null)
            {
                first = last = new SequenceSegment(piece, 0);
            }
            else
            {
                last = last.Append(piece);
            }
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    /// <summary>One segment per byte (plus empty segments in between, which readers must skip).</summary>
    public static ReadOnlySequence<byte> OneBytePerSegment(byte[] bytes)
    {
        SequenceSegment first = new(Array.Empty<byte>(), 0);
        SequenceSegment last = first;
        foreach (byte b in bytes)
        {
            last = last.Append(new byte[] { b }).Append(Array.Empty<byte>());
        }

        return new ReadOnlySequence<byte>(first, 0, last, 0);
    }

    private sealed class SequenceSegment : ReadOnlySequenceSegment<byte>
    {
        public SequenceSegment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public SequenceSegment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new SequenceSegment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
