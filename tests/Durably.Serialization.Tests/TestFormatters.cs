using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using Durably.Runtime;

namespace Durably.Serialization.Tests;

/// <summary>
/// Finds the formatter of any type the way the generator composes it, but by reflection, so tests
/// can write <c>TestSerializer.Serialize(value)</c> for hundreds of types: each
/// <see cref="BuiltInFormatters"/> member is named after the type it formats, generic members take
/// the type arguments' formatters. Test code only; the runtime composes nothing at run time.
/// </summary>
internal static class TestFormatters
{
    private static readonly ConcurrentDictionary<Type, object> Cache = new();

    /// <summary>Makes <paramref name="formatter"/> the formatter of <typeparamref name="T"/> (a user type in a test).</summary>
    public static void Register<T>(IMessagePackFormatter<T> formatter) => Cache[typeof(T)] = formatter;

    public static IMessagePackFormatter<T> Get<T>() => (IMessagePackFormatter<T>)Get(typeof(T));

    private static object Get(Type type) => Cache.GetOrAdd(type, Create);

    private static object Create(Type type)
    {
        if (type.IsEnum)
        {
            return Invoke("Enum", [type], []);
        }

        if (type == typeof(byte[]))
        {
            return Property("ByteArray");
        }

        if (type == typeof(Memory<byte>))
        {
            return Property("MemoryOfByte");
        }

        if (type == typeof(ReadOnlyMemory<byte>))
        {
            return Property("ReadOnlyMemoryOfByte");
        }

        if (type.IsSZArray)
        {
            Type element = type.GetElementType()!;
            return Invoke("Array", [element], [Get(element)]);
        }

        if (type.IsGenericType)
        {
            Type[] arguments = type.GetGenericArguments();
            string name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return Invoke(name, arguments, [.. arguments.Select(Get)]);
        }

        return Property(type.Name);
    }

    private static object Property(string name) =>
        typeof(BuiltInFormatters).GetProperty(name, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
        ?? throw new MessagePackSerializationException($"No built-in formatter named {name}.");

    private static object Invoke(string name, Type[] typeArguments, object[] formatters)
    {
        MethodInfo method = typeof(BuiltInFormatters).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .SingleOrDefault(m => m.Name == name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == typeArguments.Length)
            ?? throw new MessagePackSerializationException($"No built-in formatter named {name} with {typeArguments.Length} type argument(s).");
        return method.MakeGenericMethod(typeArguments).Invoke(null, formatters)!;
    }
}

/// <summary><see cref="MessagePackSerializer"/> with the formatter found by <see cref="TestFormatters"/>.</summary>
internal static class TestSerializer
{
    public static byte[] Serialize<T>(T value) => MessagePackSerializer.Serialize(value, TestFormatters.Get<T>());

    public static void Serialize<T>(IBufferWriter<byte> output, T value) => MessagePackSerializer.Serialize(output, value, TestFormatters.Get<T>());

    public static T Deserialize<T>(ReadOnlyMemory<byte> bytes) => MessagePackSerializer.Deserialize(bytes, TestFormatters.Get<T>());

    public static T Deserialize<T>(in ReadOnlySequence<byte> bytes) => MessagePackSerializer.Deserialize(bytes, TestFormatters.Get<T>());

    public static T Deserialize<T>(ref MessagePackReader reader) => MessagePackSerializer.Deserialize(ref reader, TestFormatters.Get<T>());
}
