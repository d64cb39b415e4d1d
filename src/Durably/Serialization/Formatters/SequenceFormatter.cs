namespace Durably.Runtime;

/// <summary>
/// The shape shared by collections written as a MessagePack array: nil for null, else the count
/// and each element through the element type's formatter. Reading fills a builder and completes
/// it into the collection; <see cref="MessagePackReader.ReadArrayHeader"/> has already bounded the
/// count by the bytes that remain, so builders may be sized from it.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TCollection">The collection type handled (possibly an interface).</typeparam>
/// <typeparam name="TBuilder">What elements are collected into while reading.</typeparam>
internal abstract class SequenceFormatter<T, TCollection, TBuilder>(IMessagePackFormatter<T> elementFormatter) : IMessagePackFormatter<TCollection?>
    where TCollection : class, IEnumerable<T>
    where TBuilder : ICollection<T>
{
    private readonly IMessagePackFormatter<T> _element = elementFormatter;

    public void Serialize(ref MessagePackWriter writer, TCollection? value)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        IEnumerable<T> items = value;
        int count;
        if (value is ICollection<T> collection)
        {
            count = collection.Count;
        }
        else if (value is IReadOnlyCollection<T> readOnly)
        {
            count = readOnly.Count;
        }
        else
        {
            // A lazy sequence: enumerate it once, into a list, so header and elements agree.
            var buffered = new List<T>(value);
            items = buffered;
            count = buffered.Count;
        }

        writer.WriteArrayHeader(count);
        writer.DepthStep();
        IMessagePackFormatter<T> element = _element;
        int written = 0;
        foreach (T item in items)
        {
            element.Serialize(ref writer, item);
            written++;
        }

        if (written != count)
        {
            throw new MessagePackSerializationException(
                $"The {TypeDisplayName.Of(value.GetType())} reported {count} elements but enumerated {written}; it changed while being serialized.");
        }

        writer.Depth--;
    }

    public TCollection? Deserialize(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        int count = reader.ReadArrayHeader();
        reader.DepthStep();
        TBuilder builder = CreateBuilder(count);
        IMessagePackFormatter<T> element = _element;
        for (int i = 0; i < count; i++)
        {
            builder.Add(element.Deserialize(ref reader));
        }

        reader.Depth--;
        return Complete(builder);
    }

    /// <summary>Creates the builder for <paramref name="count"/> elements (already bounded by the input size).</summary>
    protected abstract TBuilder CreateBuilder(int count);

    /// <summary>Turns the filled builder into the result.</summary>
    protected abstract TCollection Complete(TBuilder builder);
}
