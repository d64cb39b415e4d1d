using Durably.Runtime;
using static Durably.Serialization.Tests.MessagePackBytes;

namespace Durably.Serialization.Tests;

public class TimestampTests
{
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static TheoryData<DateTime, string> Encodings => new()
    {
        // 32-bit: whole seconds in [1970, 2106).
        { Epoch, "D6FF00000000" },
        { Epoch.AddSeconds(1), "D6FF00000001" },
        { Epoch.AddSeconds(uint.MaxValue), "D6FFFFFFFFFF" },
        // 64-bit: nanoseconds, or seconds up to 2^34.
        { Epoch.AddSeconds(uint.MaxValue + 1L), "D7FF0000000100000000" },
        { Epoch.AddTicks(1), "D7FF0000019000000000" },
        { Epoch.AddSeconds((1L << 34) - 1).AddTicks(9_999_999), "D7FFEE6B2673FFFFFFFF" },
        // 96-bit: before 1970, or from 2514 on.
        { Epoch.AddSeconds(1L << 34), "C70CFF000000000000000400000000" },
        { Epoch.AddSeconds(-1), "C70CFF00000000FFFFFFFFFFFFFFFF" },
        { Epoch.AddTicks(-1), "C70CFF3B9AC99CFFFFFFFFFFFFFFFF" },
        { DateTime.MinValue, "C70CFF00000000FFFFFFF1886E0900" },
        { new DateTime(DateTime.MaxValue.Ticks, DateTimeKind.Utc), "C70CFF3B9AC99C0000003AFFF4417F" },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void The_smallest_timestamp_form_is_written_and_read_back(DateTime value, string hex)
    {
        Assert.Equal(hex, WriteHex((ref MessagePackWriter w) => w.Write(value)));
        DateTime read = ReadAll(hex, (ref MessagePackReader r) => r.ReadDateTime());
        Assert.Equal(value.Ticks, read.Ticks);
        Assert.Equal(DateTimeKind.Utc, read.Kind);
    }

    [Fact]
    public void Non_minimal_forms_read_too()
    {
        // 1 second as a 64-bit and as a 96-bit timestamp.
        Assert.Equal(Epoch.AddSeconds(1), ReadAll("D7FF0000000000000001", (ref MessagePackReader r) => r.ReadDateTime()));
        Assert.Equal(Epoch.AddSeconds(1), ReadAll("C70CFF000000000000000000000001", (ref MessagePackReader r) => r.ReadDateTime()));
        // The same through ext 16 / ext 32 headers.
        Assert.Equal(Epoch.AddSeconds(1), ReadAll("C80004FF00000001", (ref MessagePackReader r) => r.ReadDateTime()));
        Assert.Equal(Epoch.AddSeconds(1), ReadAll("C900000004FF00000001", (ref MessagePackReader r) => r.ReadDateTime()));
    }

    [Fact]
    public void Nanoseconds_below_a_tick_are_truncated()
    {
        // 1 s + 199 ns -> 1 s + 1 tick.
        Assert.Equal(Epoch.AddSeconds(1).AddTicks(1), ReadAll("C70CFF000000C70000000000000001", (ref MessagePackReader r) => r.ReadDateTime()));
    }

    [Fact]
    public void Local_times_are_written_as_the_same_instant_in_utc()
    {
        var utc = new DateTime(2030, 6, 1, 12, 30, 15, DateTimeKind.Utc);
        DateTime local = utc.ToLocalTime();
        Assert.Equal(WriteHex((ref MessagePackWriter w) => w.Write(utc)), WriteHex((ref MessagePackWriter w) => w.Write(local)));
        var unspecified = DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);
        Assert.Equal(WriteHex((ref MessagePackWriter w) => w.Write(utc)), WriteHex((ref MessagePackWriter w) => w.Write(unspecified)));
    }

    [Theory]
    [InlineData("D7FFEE6B280000000000", "nanoseconds")]   // 64-bit with nanoseconds = 1e9
    [InlineData("C70CFF3B9ACA00000000000000000001", "nanoseconds")] // 96-bit with nanoseconds = 1e9
    [InlineData("C70CFF000000000000003B00000000", "outside DateTime")] // year ~ 8 million
    [InlineData("C70CFF00000000FFFFFFF1886E08FF", "outside DateTime")] // one second before 0001-01-01
    [InlineData("D5FF0000", "2-byte payload")]
    [InlineData("D6FE00000000", "extension type -2")]
    [InlineData("CE00000000", "Expected an extension")]
    public void Malformed_timestamps_are_refused(string hex, string reason)
    {
        MessagePackSerializationException ex = ReadFails(hex, (ref MessagePackReader r) => r.ReadDateTime());
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, ex.Offset);
    }
}
