using System.ComponentModel;
namespace Durably.Runtime;

/// <summary>
/// Writes and reads values of one type as MessagePack. Built-in formatters cover the .NET
/// primitives and collections; the Durably generator registers one per user type through
/// <see cref="MessagePackFormatters.Register{T}(IMessagePackFormatter{T})"/>.
/// </summary>
/// <typeparam name="T">The type handled.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IMessagePackFormatter<T>
{
    /// <summary>Writes <paramref name="value"/> as exactly one MessagePack value.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value; null references are written as nil.</param>
    void Serialize(ref MessagePackWriter writer, T value);

    /// <summary>Reads exactly one MessagePack value.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackSerializationException">The data is not a valid <typeparamref name="T"/>.</exception>
    T Deserialize(ref MessagePackReader reader);
}
