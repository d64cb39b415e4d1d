namespace Durably.Runtime;

// Date and time types with MessagePack-CSharp's wire conventions.

/// <summary>DateTime as a timestamp extension (−1), Local converted to UTC; read back as UTC.</summary>
internal sealed class DateTimeFormatter : IMessagePackFormatter<DateTime>
{
    public static readonly DateTimeFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, DateTime value) => writer.Write(value);

    public DateTime Deserialize(ref MessagePackReader reader) => reader.ReadDateTime();
}

/// <summary>
/// DateTimeOffset as [timestamp, int16 offset minutes]. As in MessagePack-CSharp, the timestamp
/// carries the local clock ticks (<see cref="DateTimeOffset.Ticks"/>) as if they were UTC, so
/// other readers of MessagePack-CSharp data see the same instant we do.
/// </summary>
internal sealed class DateTimeOffsetFormatter : IMessagePackFormatter<DateTimeOffset>
{
    public static readonly DateTimeOffsetFormatter Instance = new();

    private const int MaxOffsetMinutes = 14 * 60;

    public void Serialize(ref MessagePackWriter writer, DateTimeOffset value)
    {
        // A level of nesting like any array, so formatter depth and the depth Skip counts agree.
        writer.WriteArrayHeader(2);
        writer.DepthStep();
        writer.Write(new DateTime(value.Ticks, DateTimeKind.Utc));
        writer.Write((short)value.Offset.TotalMinutes);
        writer.Depth--;
    }

    public DateTimeOffset Deserialize(ref MessagePackReader reader)
    {
        long start = reader.Consumed;
        int count = reader.ReadArrayHeader();
        if (count != 2)
        {
            throw new MessagePackSerializationException(
                $"The DateTimeOffset at offset {start} is an array of {count}; expected [timestamp, offset minutes].", start);
        }

        reader.DepthStep();
        long ticks = reader.ReadDateTime().Ticks;
        short offsetMinutes = reader.ReadInt16();
        reader.Depth--;
        long utcTicks = ticks - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (offsetMinutes is < -MaxOffsetMinutes or > MaxOffsetMinutes || utcTicks < 0 || utcTicks > DateTime.MaxValue.Ticks)
        {
            throw new MessagePackSerializationException(
                $"The DateTimeOffset at offset {start} has offset {offsetMinutes} minutes, outside ±14 h or moving the instant outside DateTime's range.", start);
        }

        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(offsetMinutes));
    }
}

/// <summary>TimeSpan as its int64 tick count.</summary>
internal sealed class TimeSpanFormatter : IMessagePackFormatter<TimeSpan>
{
    public static readonly TimeSpanFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, TimeSpan value) => writer.Write(value.Ticks);

    public TimeSpan Deserialize(ref MessagePackReader reader) => new(reader.ReadInt64());
}

/// <summary>DateOnly as its int32 day number (days since 0001-01-01).</summary>
internal sealed class DateOnlyFormatter : IMessagePackFormatter<DateOnly>
{
    public static readonly DateOnlyFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, DateOnly value) => writer.Write(value.DayNumber);

    public DateOnly Deserialize(ref MessagePackReader reader)
    {
        long start = reader.Consumed;
        int dayNumber = reader.ReadInt32();
        if ((uint)dayNumber > (uint)DateOnly.MaxValue.DayNumber)
        {
            throw new MessagePackSerializationException(
                $"The day number {dayNumber} at offset {start} lies outside DateOnly's range 0..{DateOnly.MaxValue.DayNumber}.", start);
        }

        return DateOnly.FromDayNumber(dayNumber);
    }
}

/// <summary>TimeOnly as its int64 tick count since midnight.</summary>
internal sealed class TimeOnlyFormatter : IMessagePackFormatter<TimeOnly>
{
    public static readonly TimeOnlyFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, TimeOnly value) => writer.Write(value.Ticks);

    public TimeOnly Deserialize(ref MessagePackReader reader)
    {
        long start = reader.Consumed;
        long ticks = reader.ReadInt64();
        if ((ulong)ticks > (ulong)TimeOnly.MaxValue.Ticks)
        {
            throw new MessagePackSerializationException(
                $"The tick count {ticks} at offset {start} lies outside TimeOnly's range 0..{TimeOnly.MaxValue.Ticks}.", start);
        }

        return new TimeOnly(ticks);
    }
}
