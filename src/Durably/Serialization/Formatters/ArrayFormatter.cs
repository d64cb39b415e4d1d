namespace Durably.Runtime;

/// <summary>A single-dimension array as a MessagePack array (byte[] is bin instead, see <see cref="ByteArrayFormatter"/>).</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ArrayFormatter<T>(IMessagePackFormatter<T> elementFormatter) : IMessagePackFormatter<T[]?>
{
    private readonly IMessagePackFormatter<T> _element = elementFormatter;

    public void Serialize(ref MessagePackWriter writer, T[]? value)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(value.Length);
        writer.DepthStep();
        IMessagePackFormatter<T> element = _element;
        foreach (T item in value)
        {
            element.Serialize(ref writer, item);
        }

        writer.Depth--;
    }

    public T[]? Deserialize(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        int count = reader.ReadArrayHeader();
        reader.DepthStep();
        var array = count == 0 ? [] : new T[count];
        IMessagePackFormatter<T> element = _element;
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = element.Deserialize(ref reader);
        }

        reader.Depth--;
        return array;
    }
}
