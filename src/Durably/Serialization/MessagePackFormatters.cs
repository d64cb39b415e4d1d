using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Durably.Runtime;

/// <summary>
/// Where every type's formatter is found. Built-ins (primitives, <see cref="Int128"/>,
/// <see cref="UInt128"/>, <see cref="nint"/>, <see cref="nuint"/>, string, decimal, Guid, date and
/// time types, enums, <see cref="Nullable{T}"/>, arrays, lists, dictionaries, sets, immutable
/// collections, <see cref="KeyValuePair{TKey, TValue}"/>, value tuples) are created on first use
/// and composed for any element type that itself has a formatter; user types resolve to what the
/// generated <c>[ModuleInitializer]</c>s registered.
/// </summary>
/// <remarks>
/// Each type's formatter is resolved once and cached in a static generic field, so
/// <see cref="Get{T}"/> costs a field read. Composite formatters resolve their element formatters
/// once, when they are created; registering a replacement later affects later
/// <see cref="Get{T}"/> calls but not composites already created, so register at start-up.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MessagePackFormatters
{
    /// <summary>Returns the formatter for <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type to format.</typeparam>
    /// <returns>The registered or built-in formatter.</returns>
    /// <exception cref="MessagePackSerializationException">No formatter exists for <typeparamref name="T"/> (or for a type it is composed of); the message names it.</exception>
    public static IMessagePackFormatter<T> Get<T>() => FormatterSlot<T>.Formatter ?? Resolve<T>();

    /// <summary>Makes <paramref name="formatter"/> the formatter for <typeparamref name="T"/>; generated module initializers call this.</summary>
    /// <typeparam name="T">The type it formats.</typeparam>
    /// <param name="formatter">The formatter.</param>
    public static void Register<T>(IMessagePackFormatter<T> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Volatile.Write(ref FormatterSlot<T>.Formatter, formatter);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IMessagePackFormatter<T> Resolve<T>()
    {
        IMessagePackFormatter<T> created = BuiltInFormatters.TryCreate<T>()
            ?? throw new MessagePackSerializationException(
                $"No MessagePack formatter for {TypeDisplayName.Of(typeof(T))}: it is not a built-in type, and no formatter was registered for it (the Durably generator registers one for each serializable user type; others need MessagePackFormatters.Register).");

        // A formatter registered meanwhile wins over the built-in.
        return Interlocked.CompareExchange(ref FormatterSlot<T>.Formatter, created, null) ?? created;
    }

    private static class FormatterSlot<T>
    {
        public static IMessagePackFormatter<T>? Formatter;
    }
}
