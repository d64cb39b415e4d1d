using System.Buffers;
using System.Reflection;
using Durably.Runtime;

namespace Durably.Store.Tests.Infrastructure;

/// <summary>Reaches the generated store and codec of a state, as a snapshot would.</summary>
internal static class SnapshotAccess
{
    /// <summary>The snapshot bytes of an open state, taken under its read lock.</summary>
    public static byte[] Capture<TState>(TState state)
        where TState : class => Store(state).CaptureSnapshot();

    /// <summary>The open store behind a generated state.</summary>
    public static DurableStore<TState> Store<TState>(TState state)
        where TState : class =>
        (DurableStore<TState>)typeof(TState).GetField("__durablyStore", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(state)!;

    /// <summary>The generated codec of a state class.</summary>
    public static IDurableStateCodec<TState> Codec<TState>()
        where TState : class
    {
        Type codec = typeof(TState).GetNestedType("__DurablyGenerated", BindingFlags.NonPublic)!.GetNestedType("Codec", BindingFlags.NonPublic | BindingFlags.Public)!;
        return (IDurableStateCodec<TState>)codec.GetField("Instance", BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;
    }

    /// <summary>Writes <paramref name="state"/> with the generated snapshot formatter (no store needed).</summary>
    public static byte[] Write<TState>(TState state)
        where TState : class
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        Codec<TState>().WriteSnapshot(ref writer, state);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Restores a snapshot into <paramref name="state"/> in place.</summary>
    public static void Read<TState>(byte[] snapshot, TState state)
        where TState : class
    {
        var reader = new MessagePackReader(snapshot);
        Codec<TState>().ReadSnapshot(ref reader, state);
        Assert.True(reader.End);
    }
}
