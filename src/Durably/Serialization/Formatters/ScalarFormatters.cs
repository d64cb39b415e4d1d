namespace Durably.Runtime;

// bool, char (uint 16 code unit, MessagePack-CSharp's convention), float 32, float 64 and string.

internal sealed class BooleanFormatter : IMessagePackFormatter<bool>
{
    public static readonly BooleanFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, bool value) => writer.Write(value);

    public bool Deserialize(ref MessagePackReader reader) => reader.ReadBoolean();
}

internal sealed class CharFormatter : IMessagePackFormatter<char>
{
    public static readonly CharFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, char value) => writer.Write(value);

    public char Deserialize(ref MessagePackReader reader) => reader.ReadChar();
}

internal sealed class SingleFormatter : IMessagePackFormatter<float>
{
    public static readonly SingleFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, float value) => writer.Write(value);

    public float Deserialize(ref MessagePackReader reader) => reader.ReadSingle();
}

internal sealed class DoubleFormatter : IMessagePackFormatter<double>
{
    public static readonly DoubleFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, double value) => writer.Write(value);

    public double Deserialize(ref MessagePackReader reader) => reader.ReadDouble();
}

internal sealed class StringFormatter : IMessagePackFormatter<string?>
{
    public static readonly StringFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, string? value) => writer.Write(value);

    public string? Deserialize(ref MessagePackReader reader) => reader.ReadString();
}
