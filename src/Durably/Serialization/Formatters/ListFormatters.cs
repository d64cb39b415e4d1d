using System.Runtime.InteropServices;

namespace Durably.Runtime;

// List<T>, and the list-like interfaces read back as a List<T>.

/// <summary><see cref="List{T}"/> as a MessagePack array.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ListFormatter<T>(IMessagePackFormatter<T> elementFormatter) : IMessagePackFormatter<List<T>?>
{
    private readonly IMessagePackFormatter<T> _element = elementFormatter;

    public void Serialize(ref MessagePackWriter writer, List<T>? value)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        ReadOnlySpan<T> items = CollectionsMarshal.AsSpan(value);
        writer.WriteArrayHeader(items.Length);
        writer.DepthStep();
        IMessagePackFormatter<T> element = _element;
        foreach (T item in items)
        {
            element.Serialize(ref writer, item);
        }

        writer.Depth--;
    }

    public List<T>? Deserialize(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        int count = reader.ReadArrayHeader();
        reader.DepthStep();
        var list = new List<T>(count);
        IMessagePackFormatter<T> element = _element;
        for (int i = 0; i < count; i++)
        {
            list.Add(element.Deserialize(ref reader));
        }

        reader.Depth--;
        return list;
    }
}

/// <summary>
/// <see cref="IEnumerable{T}"/>, <see cref="IReadOnlyCollection{T}"/>, <see cref="IReadOnlyList{T}"/>,
/// <see cref="ICollection{T}"/> and <see cref="IList{T}"/> as a MessagePack array, read back as a <see cref="List{T}"/>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TInterface">The interface handled; <see cref="List{T}"/> implements it.</typeparam>
internal sealed class ListInterfaceFormatter<T, TInterface>(IMessagePackFormatter<T> elementFormatter) : SequenceFormatter<T, TInterface, List<T>>(elementFormatter)
    where TInterface : class, IEnumerable<T>
{
    protected override List<T> CreateBuilder(int count) => new(count);

    protected override TInterface Complete(List<T> builder) => (TInterface)(object)builder;
}
