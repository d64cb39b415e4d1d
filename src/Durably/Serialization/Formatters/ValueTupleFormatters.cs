namespace Durably.Runtime;

// ValueTuple<T1..T7> as an array of its items; ValueTuple<T1..T7, TRest> as an array of 8 whose last
// element is the nested Rest tuple (MessagePack-CSharp's layout).

/// <summary>Checks the array header of a value tuple.</summary>
internal static class ValueTupleHeader
{
    public static void Read(ref MessagePackReader reader, int arity)
    {
        long start = reader.Consumed;
        int count = reader.ReadArrayHeader();
        if (count != arity)
        {
            throw new MessagePackSerializationException($"The value tuple at offset {start} is an array of {count}; expected {arity} items.", start);
        }

        reader.DepthStep();
    }
}

/// <summary>A value tuple of 1 item as an array of 1.</summary>
/// <typeparam name="T1">Item type.</typeparam>
internal sealed class ValueTupleFormatter<T1> : IMessagePackFormatter<ValueTuple<T1>>
{
    private readonly IMessagePackFormatter<T1> _item1 = MessagePackFormatters.Get<T1>();

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1> value)
    {
        writer.WriteArrayHeader(1);
        _item1.Serialize(ref writer, value.Item1);
    }

    public ValueTuple<T1> Deserialize(ref MessagePackReader reader)
    {
        ValueTupleHeader.Read(ref reader, 1);
        T1 item1 = _item1.Deserialize(ref reader);
        reader.Depth--;
        return new ValueTuple<T1>(item1);
    }
}

/// <summary>A value tuple of 2 items as an array of 2.</summary>
/// <typeparam name="T1">Item type.</typeparam>
/// <typeparam name="T2">Item type.</typeparam>
internal sealed class ValueTupleFormatter<T1, T2> : IMessagePackFormatter<ValueTuple<T1, T2>>
{
    private readonly IMessagePackFormatter<T1> _item1 = MessagePackFormatters.Get<T1>();
    private readonly IMessagePackFormatter<T2> _item2 = MessagePackFormatters.Get<T2>();

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2> value)
    {
        writer.WriteArrayHeader(2);
        _item1.Serialize(ref writer, value.Item1);
        _item2.Serialize(ref writer, value.Item2);
    }

    public ValueTuple<T1, T2> Deserialize(ref MessagePackReader reader)
    {
        ValueTupleHeader.Read(ref reader, 2);
        T1 item1 = _item1.Deserialize(ref reader);
        T2 item2 = _item2.Deserialize(ref reader);
        reader.Depth--;
        return new ValueTuple<T1, T2>(item1, item2);
    }
}

/// <summary>A value tuple of 3 items as an array of 3.</summary>
/// <typeparam name="T1">Item type.</typeparam>
/// <typeparam name="T2">Item type.</typeparam>
/// <typeparam name="T3">Item type.</typeparam>
internal sealed class ValueTupleFormatter<T1, T2, T3> : IMessagePackFormatter<ValueTuple<T1, T2, T3>>
{
    private readonly IMessagePackFormatter<T1> _item1 = MessagePackFormatters.Get<T1>();
    private readonly IMessagePackFormatter<T2> _item2 = MessagePackFormatters.Get<T2>();
    private readonly IMessagePackFormatter<T3> _item3 = MessagePackFormatters.Get<T3>();

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3> value)
    {
        writer.WriteArrayHeader(3);
        _item1.Serialize(ref writer, value.Item1);
        _item2.Serialize(ref writer, value.Item2);
        _item3.Serialize(ref writer, value.Item3);
    }

    public ValueTuple<T1, T2, T3> Deserialize(ref MessagePackReader reader)
    {
        ValueTupleHeader.Read(ref reader, 3);
        T1 item1 = _item1.Deserialize(ref reader);
        T2 item2 = _item2.Deserialize(ref reader);
        T3 item3 = _item3.Deserialize(ref reader);
        reader.Depth--;
        return new ValueTuple<T1, T2, T3>(item1, item2, item3);
    }
}

/// <summary>A value tuple of 4 items as an array of 4.</summary>
/// <typeparam name="T1">Item type.</typeparam>
/// <typeparam name="T2">Item type.</typeparam>
/// <typeparam name="T3">Item type.</typeparam>
/// <typeparam name="T4">Item type.</typeparam>
internal sealed class ValueTupleFormatter<T1, T2, T3, T4> : IMessagePackFormatter<ValueTuple<T1, T2, T3, T4>>
{
    private readonly IMessagePackFormatter<T1> _item1 = MessagePackFormatters.Get<T1>();
    private readonly IMessagePackFormatter<T2> _item2 = MessagePackFormatters.Get<T2>();
    private readonly IMessagePackFormatter<T3> _item3 = MessagePackFormatters.Get<T3>();
    private readonly IMessagePackFormatter<T4> _item4 = MessagePackFormatters.Get<T4>();

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3, T4> value)
    {
        writer.WriteArrayHeader(4);
        _item1.Serialize(ref writer, value.Item1);
        _item2.Serialize(ref writer, value.Item2);
        _item3.Serialize(ref writer, value.Item3);
        _item4.Serialize(ref writer, value.Item4);
    }

    public ValueTuple<T1, T2, T3, T4> Deserialize(ref MessagePackReader reader)
    {
        ValueTupleHeader.Read(ref reader, 4);
        T1 item1 = _item1.Deserialize(ref reader);
        T2 item2 = _item2.Deserialize(ref reader);
        T3 item3 = _item3.Deserialize(ref reader);
        T4 item4 = _item4.Deserialize(ref reader);
        reader.Depth--;
        return new ValueTuple<T1, T2, T3, T4>(item1, item2, item3, item4);
    }
}

/// <summary>A value tuple of 5 items as an array of 5.</summary>
/// <typeparam name="T1">Item type.</typeparam>
/// <typeparam name="T2">Item type.</typeparam>
/// <typeparam name="T3">Item type.</typeparam>
/// <typeparam name="T4">Item type.</typeparam>
/// <typeparam name="T5">Item type.</typeparam>
internal sealed class ValueTupleFormatter<T1, T2, T3, T4, T5> : IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5>>
{
    private readonly IMessagePackFormatter<T1> _item1 = MessagePackFormatters.Get<T1>();
    private readonly IMessagePackFormatter<T2> _item2 = MessagePackFormatters.Get<T2>();
    private readonly IMessagePackFormatter<T3> _item3 = MessagePackFormatters.Get<T3>();
    private readonly IMessagePackFormatter<T4> _item4 = MessagePackFormatters.Get<T4>();
    private readonly IMessagePackFormatter<T5> _item5 = MessagePackFormatters.Get<T5>();

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3, T4, T5> value)
    {
        writer.WriteArrayHeader(5);
        _item1.Serialize(ref writer, value.Item1);
        _item2.Serialize(ref writer, value.Item2);
        _item3.Serialize(ref writer, value.Item3);
        _item4.Serialize(ref writer, value.Item4);
        _item5.Serialize(ref writer, value.Item5);
    }

    public ValueTuple<T1, T2, T3, T4, T5> Deserialize(ref MessagePackReader reader)
    {
        ValueTupleHeader.Read(ref reader, 5);
        T1 item1 = _item1.Deserialize(ref reader);
        T2 item2 = _item2.Deserialize(ref reader);
        T3 item3 = _item3.Deserialize(ref reader);
        T4 item4 = _item4.Deserialize(ref reader);
        T5 item5 = _item5.Deserialize(ref reader);
        reader.Depth--;
        return new ValueTuple<T1, T2, T3, T4, T5>(item1, item2, item3, item4, item5);
    }
}

/// <summary>A value tuple of 6 items as an array of 6.</summary>
/// <typeparam name="T1">Item type.</typeparam>
/// <typeparam name="T2">Item type.</typeparam>
/// <typeparam name="T3">Item type.</typeparam>
/// <typeparam name="T4">Item type.</typeparam>
/// <typeparam name="T5">Item type.</typeparam>
/// <typeparam name="T6">Item type.</typeparam>
internal sealed class ValueTupleFormatter<T1, T2, T3, T4, T5, T6> : IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5, T6>>
{
    private readonly IMessagePackFormatter<T1> _item1 = MessagePackFormatters.Get<T1>();
    private readonly IMessagePackFormatter<T2> _item2 = MessagePackFormatters.Get<T2>();
    private readonly IMessagePackFormatter<T3> _item3 = MessagePackFormatters.Get<T3>();
    private readonly IMessagePackFormatter<T4> _item4 = MessagePackFormatters.Get<T4>();
    private readonly IMessagePackFormatter<T5> _item5 = MessagePackFormatters.Get<T5>();
    private readonly IMessagePackFormatter<T6> _item6 = MessagePackFormatters.Get<T6>();

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3, T4, T5, T6> value)
    {
        writer.WriteArrayHeader(6);
        _item1.Serialize(ref writer, value.Item1);
        _item2.Serialize(ref writer, value.Item2);
        _item3.Serialize(ref writer, value.Item3);
        _item4.Serialize(ref writer, value.Item4);
        _item5.Serialize(ref writer, value.Item5);
        _item6.Serialize(ref writer, value.Item6);
    }

    public ValueTuple<T1, T2, T3, T4, T5, T6> Deserialize(ref MessagePackReader reader)
    {
        ValueTupleHeader.Read(ref reader, 6);
        T1 item1 = _item1.Deserialize(ref reader);
        T2 item2 = _item2.Deserialize(ref reader);
        T3 item3 = _item3.Deserialize(ref reader);
        T4 item4 = _item4.Deserialize(ref reader);
        T5 item5 = _item5.Deserialize(ref reader);
        T6 item6 = _item6.Deserialize(ref reader);
        reader.Depth--;
        return new ValueTuple<T1, T2, T3, T4, T5, T6>(item1, item2, item3, item4, item5, item6);
    }
}

/// <summary>A value tuple of 7 items as an array of 7.</summary>
/// <typeparam name="T1">Item type.</typeparam>
/// <typeparam name="T2">Item type.</typeparam>
/// <typeparam name="T3">Item type.</typeparam>
/// <typeparam name="T4">Item type.</typeparam>
/// <typeparam name="T5">Item type.</typeparam>
/// <typeparam name="T6">Item type.</typeparam>
/// <typeparam name="T7">Item type.</typeparam>
internal sealed class ValueTupleFormatter<T1, T2, T3, T4, T5, T6, T7> : IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5, T6, T7>>
{
    private readonly IMessagePackFormatter<T1> _item1 = MessagePackFormatters.Get<T1>();
    private readonly IMessagePackFormatter<T2> _item2 = MessagePackFormatters.Get<T2>();
    private readonly IMessagePackFormatter<T3> _item3 = MessagePackFormatters.Get<T3>();
    private readonly IMessagePackFormatter<T4> _item4 = MessagePackFormatters.Get<T4>();
    private readonly IMessagePackFormatter<T5> _item5 = MessagePackFormatters.Get<T5>();
    private readonly IMessagePackFormatter<T6> _item6 = MessagePackFormatters.Get<T6>();
    private readonly IMessagePackFormatter<T7> _item7 = MessagePackFormatters.Get<T7>();

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3, T4, T5, T6, T7> value)
    {
        writer.WriteArrayHeader(7);
        _item1.Serialize(ref writer, value.Item1);
        _item2.Serialize(ref writer, value.Item2);
        _item3.Serialize(ref writer, value.Item3);
        _item4.Serialize(ref writer, value.Item4);
        _item5.Serialize(ref writer, value.Item5);
        _item6.Serialize(ref writer, value.Item6);
        _item7.Serialize(ref writer, value.Item7);
    }

    public ValueTuple<T1, T2, T3, T4, T5, T6, T7> Deserialize(ref MessagePackReader reader)
    {
        ValueTupleHeader.Read(ref reader, 7);
        T1 item1 = _item1.Deserialize(ref reader);
        T2 item2 = _item2.Deserialize(ref reader);
        T3 item3 = _item3.Deserialize(ref reader);
        T4 item4 = _item4.Deserialize(ref reader);
        T5 item5 = _item5.Deserialize(ref reader);
        T6 item6 = _item6.Deserialize(ref reader);
        T7 item7 = _item7.Deserialize(ref reader);
        reader.Depth--;
        return new ValueTuple<T1, T2, T3, T4, T5, T6, T7>(item1, item2, item3, item4, item5, item6, item7);
    }
}

/// <summary>A value tuple of 8 items as an array of 8.</summary>
/// <typeparam name="T1">Item type.</typeparam>
/// <typeparam name="T2">Item type.</typeparam>
/// <typeparam name="T3">Item type.</typeparam>
/// <typeparam name="T4">Item type.</typeparam>
/// <typeparam name="T5">Item type.</typeparam>
/// <typeparam name="T6">Item type.</typeparam>
/// <typeparam name="T7">Item type.</typeparam>
/// <typeparam name="TRest">Item type.</typeparam>
internal sealed class ValueTupleFormatter<T1, T2, T3, T4, T5, T6, T7, TRest> : IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5, T6, T7, TRest>>
    where TRest : struct
{
    private readonly IMessagePackFormatter<T1> _item1 = MessagePackFormatters.Get<T1>();
    private readonly IMessagePackFormatter<T2> _item2 = MessagePackFormatters.Get<T2>();
    private readonly IMessagePackFormatter<T3> _item3 = MessagePackFormatters.Get<T3>();
    private readonly IMessagePackFormatter<T4> _item4 = MessagePackFormatters.Get<T4>();
    private readonly IMessagePackFormatter<T5> _item5 = MessagePackFormatters.Get<T5>();
    private readonly IMessagePackFormatter<T6> _item6 = MessagePackFormatters.Get<T6>();
    private readonly IMessagePackFormatter<T7> _item7 = MessagePackFormatters.Get<T7>();
    private readonly IMessagePackFormatter<TRest> _item8 = MessagePackFormatters.Get<TRest>();

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3, T4, T5, T6, T7, TRest> value)
    {
        writer.WriteArrayHeader(8);
        _item1.Serialize(ref writer, value.Item1);
        _item2.Serialize(ref writer, value.Item2);
        _item3.Serialize(ref writer, value.Item3);
        _item4.Serialize(ref writer, value.Item4);
        _item5.Serialize(ref writer, value.Item5);
        _item6.Serialize(ref writer, value.Item6);
        _item7.Serialize(ref writer, value.Item7);
        _item8.Serialize(ref writer, value.Rest);
    }

    public ValueTuple<T1, T2, T3, T4, T5, T6, T7, TRest> Deserialize(ref MessagePackReader reader)
    {
        ValueTupleHeader.Read(ref reader, 8);
        T1 item1 = _item1.Deserialize(ref reader);
        T2 item2 = _item2.Deserialize(ref reader);
        T3 item3 = _item3.Deserialize(ref reader);
        T4 item4 = _item4.Deserialize(ref reader);
        T5 item5 = _item5.Deserialize(ref reader);
        T6 item6 = _item6.Deserialize(ref reader);
        T7 item7 = _item7.Deserialize(ref reader);
        TRest item8 = _item8.Deserialize(ref reader);
        reader.Depth--;
        return new ValueTuple<T1, T2, T3, T4, T5, T6, T7, TRest>(item1, item2, item3, item4, item5, item6, item7, item8);
    }
}
