using System.Buffers;
using Durably.Runtime;

namespace Durably.Serialization.Tests;

/// <summary>Serializes through <see cref="MessagePackSerializer"/> (formatters from <see cref="TestFormatters"/>) and reads back, contiguous and segmented.</summary>
internal static class RoundTrip
{
    public static T Of<T>(T value, out string hex)
    {
        byte[] bytes = TestSerializer.Serialize(value);
        hex = Convert.ToHexString(bytes);
        T contiguous = TestSerializer.Deserialize<T>(bytes);
        T segmented = TestSerializer.Deserialize<T>(MessagePackBytes.OneBytePerSegment(bytes));

        // The IBufferWriter overload must produce the same bytes.
        var buffer = new ArrayBufferWriter<byte>();
        TestSerializer.Serialize(buffer, value);
        Assert.Equal(bytes, buffer.WrittenSpan.ToArray());
        Assert.Equal(Convert.ToHexString(TestSerializer.Serialize(contiguous)), Convert.ToHexString(TestSerializer.Serialize(segmented)));
        return contiguous;
    }

    public static T Of<T>(T value) => Of(value, out _);

    public static string Hex<T>(T value) => Convert.ToHexString(TestSerializer.Serialize(value));

    public static T FromHex<T>(string hex) => TestSerializer.Deserialize<T>(MessagePackBytes.Hex(hex));

    public static MessagePackSerializationException FailsFromHex<T>(string hex) =>
        Assert.Throws<MessagePackSerializationException>(() => TestSerializer.Deserialize<T>(MessagePackBytes.Hex(hex)));
}
