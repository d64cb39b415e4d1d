using System.Buffers;
using Durably.Runtime;

namespace Durably.Serialization.Tests;

/// <summary>Serializes through <see cref="MessagePackSerializer"/> and reads back, contiguous and segmented.</summary>
internal static class RoundTrip
{
    public static T Of<T>(T value, out string hex)
    {
        byte[] bytes = MessagePackSerializer.Serialize(value);
        hex = Convert.ToHexString(bytes);
        T contiguous = MessagePackSerializer.Deserialize<T>(bytes);
        T segmented = MessagePackSerializer.Deserialize<T>(MessagePackBytes.OneBytePerSegment(bytes));

        // The IBufferWriter overload must produce the same bytes.
        var buffer = new ArrayBufferWriter<byte>();
        MessagePackSerializer.Serialize(buffer, value);
        Assert.Equal(bytes, buffer.WrittenSpan.ToArray());
        Assert.Equal(Convert.ToHexString(MessagePackSerializer.Serialize(contiguous)), Convert.ToHexString(MessagePackSerializer.Serialize(segmented)));
        return contiguous;
    }

    public static T Of<T>(T value) => Of(value, out _);

    public static string Hex<T>(T value) => Convert.ToHexString(MessagePackSerializer.Serialize(value));

    public static T FromHex<T>(string hex) => MessagePackSerializer.Deserialize<T>(MessagePackBytes.Hex(hex));

    public static MessagePackSerializationException FailsFromHex<T>(string hex) =>
        Assert.Throws<MessagePackSerializationException>(() => MessagePackSerializer.Deserialize<T>(MessagePackBytes.Hex(hex)));
}
