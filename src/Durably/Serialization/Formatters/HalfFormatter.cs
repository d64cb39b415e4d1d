namespace Durably.Runtime;

/// <summary>
/// <see cref="Half"/> as a float32, as MessagePack-CSharp writes it: every half-precision value is
/// exactly representable in single precision, so the value round-trips. Reading accepts any number
/// the single-precision reader accepts and rounds it to the nearest half.
/// </summary>
internal sealed class HalfFormatter : IMessagePackFormatter<Half>
{
    public static readonly HalfFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, Half value) => writer.Write((float)value);

    public Half Deserialize(ref MessagePackReader reader) => (Half)reader.ReadSingle();
}
