namespace Durably.Runtime;

/// <summary><see cref="Nullable{T}"/> as nil or the value's own encoding.</summary>
/// <typeparam name="T">The underlying value type.</typeparam>
internal sealed class NullableFormatter<T> : IMessagePackFormatter<T?>
    where T : struct
{
    private readonly IMessagePackFormatter<T> _value = MessagePackFormatters.Get<T>();

    public void Serialize(ref MessagePackWriter writer, T? value)
    {
        if (value.HasValue)
        {
            _value.Serialize(ref writer, value.GetValueOrDefault());
        }
        else
        {
            writer.WriteNil();
        }
    }

    public T? Deserialize(ref MessagePackReader reader) => reader.TryReadNil() ? null : _value.Deserialize(ref reader);
}
