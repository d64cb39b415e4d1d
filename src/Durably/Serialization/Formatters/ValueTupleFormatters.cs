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
internal sealed class ValueTupleFormatter<T1>(IMessagePackFormatter<T1> item1Formatter) : IMessagePackFormatter<ValueTuple<T1>>
{
    private readonly IMessagePackFormatter<T1> _item1 = item1Formatter;

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1> value)
    {
        writer.WriteArrayHeader(1);
        writer.DepthStep();
        _item1.Serialize(ref writer, value.Item1);
        writer.Depth--;
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
internal sealed class ValueTupleFormatter<T1, T2>(IMessagePackFormatter<T1> item1Formatter, IMessagePackFormatter<T2> item2Formatter) : IMessagePackFormatter<ValueTuple<T1, T2>>
{
    private readonly IMessagePackFormatter<T1> _item1 = item1Formatter;
    private readonly IMessagePackFormatter<T2> _item2 = item2Formatter;

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2> value)
    {
        writer.WriteArrayHeader(2);
        writer.DepthStep();
        _item1.Serialize(ref writer, value.Item1);
        _item2.Serialize(ref writer, value.Item2);
        writer.Depth--;
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
internal sealed class ValueTupleFormatter<T1, T2, T3>(IMessagePackFormatter<T1> item1Formatter, IMessagePackFormatter<T2> item2Formatter, IMessagePackFormatter<T3> item3Formatter) : IMessagePackFormatter<ValueTuple<T1, T2, T3>>
{
    private readonly IMessagePackFormatter<T1> _item1 = item1Formatter;
    private readonly IMessagePackFormatter<T2> _item2 = item2Formatter;
    private readonly IMessagePackFormatter<T3> _item3 = item3Formatter;

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3> value)
    {
        writer.WriteArrayHeader(3);
        writer.DepthStep();
        _item1.Serialize(ref writer, value.Item1);
        _item2.Serialize(ref writer, value.Item2);
        _item3.Serialize(ref writer, value.Item3);
        writer.Depth--;
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
internal sealed class ValueTupleFormatter<T1, T2, T3, T4>(IMessagePackFormatter<T1> item1Formatter, IMessagePackFormatter<T2> item2Formatter, IMessagePackFormatter<T3> item3Formatter, IMessagePackFormatter<T4> item4Formatter) : IMessagePackFormatter<ValueTuple<T1, T2, T3, T4>>
{
    private readonly IMessagePackFormatter<T1> _item1 = item1Formatter;
    private readonly IMessagePackFormatter<T2> _item2 = item2Formatter;
    private readonly IMessagePackFormatter<T3> _item3 = item3Formatter;
    private readonly IMessagePackFormatter<T4> _item4 = item4Formatter;

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3, T4> value)
    {
        writer.WriteArrayHeader(4);
        writer.DepthStep();
        _item1.Serialize(ref writer, value.Item1);
        _item2.Serialize(ref writer, value.Item2);
        _item3.Serialize(ref writer, value.Item3);
        _item4.Serialize(ref writer, value.Item4);
        writer.Depth--;
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
internal sealed class ValueTupleFormatter<T1, T2, T3, T4, T5>(IMessagePackFormatter<T1> item1Formatter, IMessagePackFormatter<T2> item2Formatter, IMessagePackFormatter<T3> item3Formatter, IMessagePackFormatter<T4> item4Formatter, IMessagePackFormatter<T5> item5Formatter) : IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5>>
{
    private readonly IMessagePackFormatter<T1> _item1 = item1Formatter;
    private readonly IMessagePackFormatter<T2> _item2 = item2Formatter;
    private readonly IMessagePackFormatter<T3> _item3 = item3Formatter;
    private readonly IMessagePackFormatter<T4> _item4 = item4Formatter;
    private readonly IMessagePackFormatter<T5> _item5 = item5Formatter;

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3, T4, T5> value)
    {
        writer.WriteArrayHeader(5);
        writer.DepthStep();
        _item1.Serialize(ref writer, value.Item1);
        _item2.Serialize(ref writer, value.Item2);
        _item3.Serialize(ref writer, value.Item3);
        _item4.Serialize(ref writer, value.Item4);
        _item5.Serialize(ref writer, value.Item5);
        writer.Depth--;
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
internal sealed class ValueTupleFormatter<T1, T2, T3, T4, T5, T6>(IMessagePackFormatter<T1> item1Formatter, IMessagePackFormatter<T2> item2Formatter, IMessagePackFormatter<T3> item3Formatter, IMessagePackFormatter<T4> item4Formatter, IMessagePackFormatter<T5> item5Formatter, IMessagePackFormatter<T6> item6Formatter) : IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5, T6>>
{
    private readonly IMessagePackFormatter<T1> _item1 = item1Formatter;
    private readonly IMessagePackFormatter<T2> _item2 = item2Formatter;
    private readonly IMessagePackFormatter<T3> _item3 = item3Formatter;
    private readonly IMessagePackFormatter<T4> _item4 = item4Formatter;
    private readonly IMessagePackFormatter<T5> _item5 = item5Formatter;
    private readonly IMessagePackFormatter<T6> _item6 = item6Formatter;

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3, T4, T5, T6> value)
    {
        writer.WriteArrayHeader(6);
        writer.DepthStep();
        _item1.Serialize(ref writer, value.Item1);
        _item2.Serialize(ref writer, value.Item2);
        _item3.Serialize(ref writer, value.Item3);
        _item4.Serialize(ref writer, value.Item4);
        _item5.Serialize(ref writer, value.Item5);
        _item6.Serialize(ref writer, value.Item6);
        writer.Depth--;
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
internal sealed class ValueTupleFormatter<T1, T2, T3, T4, T5, T6, T7>(IMessagePackFormatter<T1> item1Formatter, IMessagePackFormatter<T2> item2Formatter, IMessagePackFormatter<T3> item3Formatter, IMessagePackFormatter<T4> item4Formatter, IMessagePackFormatter<T5> item5Formatter, IMessagePackFormatter<T6> item6Formatter, IMessagePackFormatter<T7> item7Formatter) : IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5, T6, T7>>
{
    private readonly IMessagePackFormatter<T1> _item1 = item1Formatter;
    private readonly IMessagePackFormatter<T2> _item2 = item2Formatter;
    private readonly IMessagePackFormatter<T3> _item3 = item3Formatter;
    private readonly IMessagePackFormatter<T4> _item4 = item4Formatter;
    private readonly IMessagePackFormatter<T5> _item5 = item5Formatter;
    private readonly IMessagePackFormatter<T6> _item6 = item6Formatter;
    private readonly IMessagePackFormatter<T7> _item7 = item7Formatter;

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3, T4, T5, T6, T7> value)
    {
        writer.WriteArrayHeader(7);
        writer.DepthStep();
        _item1.Serialize(ref writer, value.Item1);
        _item2.Serialize(ref writer, value.Item2);
        _item3.Serialize(ref writer, value.Item3);
        _item4.Serialize(ref writer, value.Item4);
        _item5.Serialize(ref writer, value.Item5);
        _item6.Serialize(ref writer, value.Item6);
        _item7.Serialize(ref writer, value.Item7);
        writer.Depth--;
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
internal sealed class ValueTupleFormatter<T1, T2, T3, T4, T5, T6, T7, TRest>(IMessagePackFormatter<T1> item1Formatter, IMessagePackFormatter<T2> item2Formatter, IMessagePackFormatter<T3> item3Formatter, IMessagePackFormatter<T4> item4Formatter, IMessagePackFormatter<T5> item5Formatter, IMessagePackFormatter<T6> item6Formatter, IMessagePackFormatter<T7> item7Formatter, IMessagePackFormatter<TRest> item8Formatter) : IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5, T6, T7, TRest>>
    where TRest : struct
{
    private readonly IMessagePackFormatter<T1> _item1 = item1Formatter;
    private readonly IMessagePackFormatter<T2> _item2 = item2Formatter;
    private readonly IMessagePackFormatter<T3> _item3 = item3Formatter;
    private readonly IMessagePackFormatter<T4> _item4 = item4Formatter;
    private readonly IMessagePackFormatter<T5> _item5 = item5Formatter;
    private readonly IMessagePackFormatter<T6> _item6 = item6Formatter;
    private readonly IMessagePackFormatter<T7> _item7 = item7Formatter;
    private readonly IMessagePackFormatter<TRest> _item8 = item8Formatter;

    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3, T4, T5, T6, T7, TRest> value)
    {
        writer.WriteArrayHeader(8);
        writer.DepthStep();
        _item1.Serialize(ref writer, value.Item1);
        _item2.Serialize(ref writer, value.Item2);
        _item3.Serialize(ref writer, value.Item3);
        _item4.Serialize(ref writer, value.Item4);
        _item5.Serialize(ref writer, value.Item5);
        _item6.Serialize(ref writer, value.Item6);
        _item7.Serialize(ref writer, value.Item7);
        _item8.Serialize(ref writer, value.Rest);
        writer.Depth--;
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
