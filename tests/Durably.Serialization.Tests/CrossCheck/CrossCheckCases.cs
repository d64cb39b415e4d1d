using System.Collections.Immutable;
using System.Globalization;
using static Durably.Serialization.Tests.CrossCheck.WireValue;

namespace Durably.Serialization.Tests.CrossCheck;

/// <summary>Every type family and boundary, in both directions, batched into one node run.</summary>
internal static class CrossCheckCases
{
    private static readonly int[] LengthBoundaries = [0, 1, 31, 32, 255, 256, 65535, 65536];
    private static readonly int[] CountBoundaries = [0, 1, 15, 16, 65535, 65536];
    private static readonly int[] ExtensionSizes = [0, 1, 2, 3, 4, 5, 8, 15, 16, 17, 255, 256, 65535, 65536];

    /// <summary>Messages we encode, with the canonical text msgpack-js must decode them to.</summary>
    public static Dictionary<string, (byte[] Bytes, string Expected)> OursToJs()
    {
        var cases = new Dictionary<string, (byte[], string)>();
        void Add(string id, WireValue value) => cases.Add(id, (MessagePackBytes.Write(value.Write), value.Canonical()));
        void AddTyped<T>(string id, T value, WireValue expected) => cases.Add("typed " + id, (TestSerializer.Serialize(value), expected.Canonical()));

        Add("nil", new Nil());
        Add("true", new Bool(true));
        Add("false", new Bool(false));
        foreach (ulong value in new ulong[] { 0, 1, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, uint.MaxValue + 1UL, long.MaxValue, ulong.MaxValue })
        {
            Add("uint " + value.ToString(CultureInfo.InvariantCulture), new UInt(value));
        }

        foreach (long value in new long[] { -1, -32, -33, -128, -129, -32768, -32769, int.MinValue, int.MinValue - 1L, long.MinValue })
        {
            Add("int " + value.ToString(CultureInfo.InvariantCulture), new Int(value));
        }

        foreach (float value in new[] { 0f, -0f, 1.5f, 0.1f, float.MaxValue, float.MinValue, float.Epsilon, float.PositiveInfinity, float.NegativeInfinity })
        {
            Add("float32 " + Float64Bits(value), new Float32(value));
        }

        foreach (double value in new[] { 0.0, -0.0, Math.PI, 0.1, double.MaxValue, double.Epsilon, 1e-300, double.PositiveInfinity, double.NegativeInfinity })
        {
            Add("float64 " + Float64Bits(value), new Float64(value));
        }

        foreach (int length in LengthBoundaries)
        {
            Add($"str ascii {length}", new Str(new string('a', length)));
            Add($"str two-byte {length}", new Str(new string('é', length / 2) + new string('a', length % 2)));
            Add($"bin {length}", new Bin(Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray()));
        }

        Add("str mixed", new Str("ASCII, Ünïcödé, € and 😀 and 𝄞"));
        foreach (int count in CountBoundaries)
        {
            Add($"array {count}", new Arr(Enumerable.Range(0, count).Select(i => (WireValue)new Int(i % 300 - 100)).ToArray()));
            Add($"map {count}", new Map(Enumerable.Range(0, count).Select(i => ((WireValue)new Int(i), (WireValue)new Str("v" + i.ToString(CultureInfo.InvariantCulture)))).ToArray()));
        }

        Add("map mixed keys", new Map([(new Str("s"), new Nil()), (new Int(-7), new Bool(false)), (new Arr([new Int(1)]), new Float64(2.5)), (new Bool(true), new Bin([9]))]));
        Add("nested", new Arr([new Map([(new Str("a"), new Arr([new Int(1), new Map([])]))]), new Arr([]), new Arr([new Arr([new Nil()])])]));
        foreach (int size in ExtensionSizes)
        {
            Add($"ext 5 size {size}", new Ext(5, Enumerable.Range(0, size).Select(i => (byte)i).ToArray()));
        }

        Add("ext -128", new Ext(-128, [1, 2]));
        Add("ext 127", new Ext(127, [1, 2, 3, 4]));
        foreach ((string name, DateTime value) in Timestamps())
        {
            Add("timestamp " + name, new Timestamp(value));
        }

        // .NET types through the built-in formatters, in MessagePack-CSharp's wire conventions.
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        AddTyped("Guid", guid, new Str("0f8fad5b-d9cb-469f-a165-70867728950e"));
        AddTyped("decimal", 1.50m, new Str("1.50"));
        AddTyped("decimal min", decimal.MinValue, new Str("-79228162514264337593543950335"));
        AddTyped("DateTimeOffset", new DateTimeOffset(2020, 1, 1, 10, 0, 0, TimeSpan.FromHours(2)),
            new Arr([new Timestamp(new DateTime(2020, 1, 1, 10, 0, 0, DateTimeKind.Utc)), new Int(120)]));
        AddTyped("TimeSpan", TimeSpan.FromDays(-1), new Int(-TimeSpan.TicksPerDay));
        AddTyped("DateOnly", new DateOnly(2024, 2, 29), new Int(new DateOnly(2024, 2, 29).DayNumber));
        AddTyped("TimeOnly", TimeOnly.MaxValue, new Int(TimeOnly.MaxValue.Ticks));
        AddTyped("char", '€', new Int(0x20AC));
        AddTyped("enum", DayOfWeek.Friday, new Int(5));
        AddTyped("nullable", (int?)null, new Nil());
        AddTyped("byte[]", new byte[] { 1, 2, 3 }, new Bin([1, 2, 3]));
        AddTyped("Dictionary", new Dictionary<int, string> { [1] = "a", [-5] = "b" }, new Map([(new Int(1), new Str("a")), (new Int(-5), new Str("b"))]));
        AddTyped("List<DateTime>", new List<DateTime> { DateTime.UnixEpoch, new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
            new Arr([new Timestamp(DateTime.UnixEpoch), new Timestamp(new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc))]));
        AddTyped("value tuple", (1, "x", (Guid?)null), new Arr([new Int(1), new Str("x"), new Nil()]));
        AddTyped("KeyValuePair", new KeyValuePair<string, long>("k", long.MinValue), new Arr([new Str("k"), new Int(long.MinValue)]));
        AddTyped("ImmutableSortedDictionary", ImmutableSortedDictionary<string, decimal>.Empty.Add("b", 2m).Add("a", -0.5m),
            new Map([(new Str("a"), new Str("-0.5")), (new Str("b"), new Str("2"))]));
        AddTyped("HashSet<string>", new HashSet<string> { "only" }, new Arr([new Str("only")]));
        AddTyped("nint", (nint)int.MinValue, new Int(int.MinValue));
        AddTyped("nint -33", (nint)(-33), new Int(-33));
        AddTyped("nuint", (nuint)uint.MaxValue, new UInt(uint.MaxValue));
        AddTyped("nuint 128", (nuint)128, new UInt(128));
        AddTyped("ImmutableQueue", ImmutableQueue.Create("a", "b", "c").Dequeue().Enqueue("d"), new Arr([new Str("b"), new Str("c"), new Str("d")]));
        AddTyped("ImmutableStack top first", ImmutableStack.Create(1, 2, 300), new Arr([new Int(300), new Int(2), new Int(1)]));
        AddTyped("ImmutableStack empty", ImmutableStack<long>.Empty, new Arr([]));
        AddTyped("Int128 -2", (Int128)(-2), new Bin([0xFE, .. Enumerable.Repeat((byte)0xFF, 15)]));
        AddTyped("UInt128 2^64", (UInt128)ulong.MaxValue + 1, new Bin([.. new byte[8], 1, .. new byte[7]]));
        return cases;
    }

    /// <summary>JavaScript expressions msgpack-js encodes; we must read them as msgpack-js itself does.</summary>
    public static Dictionary<string, (string Expression, object? Options)> JsToOurs()
    {
        var cases = new Dictionary<string, (string, object?)>();
        void Add(string id, string expression, object? options = null) => cases.Add(id, (expression, options));

        Add("nil", "null");
        Add("true", "true");
        Add("false", "false");
        foreach (long value in new long[] { 0, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, -1, -32, -33, -128, -129, -32768, -32769, int.MinValue })
        {
            Add("number " + value.ToString(CultureInfo.InvariantCulture), value.ToString(CultureInfo.InvariantCulture));
        }

        foreach (string bigint in new[] { "0n", "-1n", "(2n**64n-1n)", "(2n**63n-1n)", "(-(2n**63n))", "4294967296n" })
        {
            Add("bigint " + bigint, bigint);
        }

        Add("float64 0.1", "0.1");
        Add("float64 1e300", "1e300");
        Add("float64 -Infinity", "-Infinity");
        Add("float64 2**53", "2**53");
        Add("float32 0.1", "0.1", new { forceFloat32 = true });
        Add("float32 max", "3.4028234663852886e38", new { forceFloat32 = true });
        Add("float forced", "7", new { forceIntegerToFloat = true });
        foreach (int length in LengthBoundaries)
        {
            Add($"str ascii {length}", $"'a'.repeat({length})");
            Add($"str two-byte {length}", $"'é'.repeat({length / 2}) + 'a'.repeat({length % 2})");
            Add($"bin {length}", $"Uint8Array.from({{ length: {length} }}, (_, i) => (i * 7) & 255)");
        }

        Add("str mixed", "'ASCII, Ünïcödé, € and 😀 and 𝄞'");
        foreach (int count in CountBoundaries)
        {
            Add($"array {count}", $"Array.from({{ length: {count} }}, (_, i) => (i % 300) - 100)");
            Add($"map {count}", $"Object.fromEntries(Array.from({{ length: {count} }}, (_, i) => ['k' + i, i % 2 ? 'v' + i : i]))");
        }

        Add("nested", "{ a: [1, { b: null }], c: true, d: [[], {}] }");
        foreach (int size in ExtensionSizes)
        {
            Add($"ext 5 size {size}", $"new ExtData(5, Uint8Array.from({{ length: {size} }}, (_, i) => i & 255))");
        }

        Add("ext -128", "new ExtData(-128, new Uint8Array([1, 2]))");
        Add("date epoch (32-bit)", "new Date(0)");
        Add("date 2106 (32-bit max)", "new Date(4294967295000)");
        Add("date with milliseconds (64-bit)", "new Date(Date.UTC(2020, 0, 1, 0, 0, 0, 123))");
        Add("date 1969 (96-bit)", "new Date(Date.UTC(1969, 6, 20, 20, 17, 40, 5))");
        Add("timestamp 64-bit max", "new ExtData(-1, encodeTimeSpecToTimestamp({ sec: 17179869183, nsec: 999999900 }))");
        Add("timestamp 96-bit 2^34", "new ExtData(-1, encodeTimeSpecToTimestamp({ sec: 17179869184, nsec: 100 }))");
        Add("timestamp 96-bit year 1", "new ExtData(-1, encodeTimeSpecToTimestamp({ sec: -62135596800, nsec: 0 }))");
        Add("timestamp 96-bit year 9999", "new ExtData(-1, encodeTimeSpecToTimestamp({ sec: 253402300799, nsec: 999999900 }))");
        return cases;
    }

    /// <summary>Values msgpack-js encodes that we read into .NET types, with the value each must become.</summary>
    public static Dictionary<string, (string Expression, Func<byte[], object?> Read, object? Expected)> JsToTyped() => new()
    {
        ["Guid"] = ("'0f8fad5b-d9cb-469f-a165-70867728950e'", b => TestSerializer.Deserialize<Guid>(b), Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")),
        ["decimal keeps scale"] = ("'1.50'", b => TestSerializer.Deserialize<decimal>(b).ToString(CultureInfo.InvariantCulture), "1.50"),
        ["decimal from number"] = ("-12", b => TestSerializer.Deserialize<decimal>(b), -12m),
        ["DateTimeOffset"] = ("[new ExtData(-1, encodeTimeSpecToTimestamp({ sec: 1577872800, nsec: 0 })), 120]",
            b => TestSerializer.Deserialize<DateTimeOffset>(b), new DateTimeOffset(2020, 1, 1, 10, 0, 0, TimeSpan.FromHours(2))),
        ["ulong"] = ("2n**64n-1n", b => TestSerializer.Deserialize<ulong>(b), ulong.MaxValue),
        ["long"] = ("-(2n**63n)", b => TestSerializer.Deserialize<long>(b), long.MinValue),
        ["int from bigint"] = ("5n", b => TestSerializer.Deserialize<int>(b), 5),
        ["DateTime from Date"] = ("new Date(Date.UTC(2020, 0, 1, 0, 0, 0, 123))", b => TestSerializer.Deserialize<DateTime>(b), new DateTime(2020, 1, 1, 0, 0, 0, 123, DateTimeKind.Utc)),
        ["DateTime truncates nanoseconds"] = ("new ExtData(-1, encodeTimeSpecToTimestamp({ sec: 1, nsec: 999 }))", b => TestSerializer.Deserialize<DateTime>(b), DateTime.UnixEpoch.AddSeconds(1).AddTicks(9)),
        ["Dictionary"] = ("{ alice: 1, bob: 2 }", b => string.Join(";", TestSerializer.Deserialize<Dictionary<string, int>>(b)), "[alice, 1];[bob, 2]"),
        ["value tuple"] = ("[1, 'x']", b => TestSerializer.Deserialize<(int, string)>(b), (1, "x")),
        ["byte[]"] = ("new Uint8Array([1, 2, 3])", b => Convert.ToHexString(TestSerializer.Deserialize<byte[]>(b)!), "010203"),
        ["char"] = ("8364", b => TestSerializer.Deserialize<char>(b), '€'),
        ["nullable"] = ("null", b => TestSerializer.Deserialize<int?>(b), null),
        ["TimeSpan"] = ("-864000000000n", b => TestSerializer.Deserialize<TimeSpan>(b), TimeSpan.FromDays(-1)),
        ["float"] = ("1.5", b => TestSerializer.Deserialize<float>(b), 1.5f),
        ["list of strings"] = ("['a', '€', '']", b => string.Join("|", TestSerializer.Deserialize<List<string>>(b)!), "a|€|"),
        ["nint from number"] = ("-2147483648", b => TestSerializer.Deserialize<nint>(b), (nint)int.MinValue),
        ["nint from bigint"] = ("-5n", b => TestSerializer.Deserialize<nint>(b), (nint)(-5)),
        ["nuint from bigint"] = ("2n**32n-1n", b => TestSerializer.Deserialize<nuint>(b), (nuint)uint.MaxValue),
        ["ImmutableQueue front first"] = ("['x', 'y', 'z']", b => QueueText(TestSerializer.Deserialize<ImmutableQueue<string>>(b)!), "x:x,y,z"),
        ["ImmutableStack top first"] = ("[3, 2, 1]", b => StackText(TestSerializer.Deserialize<ImmutableStack<int>>(b)!), "3:3,2,1"),
        ["Int128 from bin"] = ("Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? 0xfe : 0xff))", b => TestSerializer.Deserialize<Int128>(b), (Int128)(-2)),
        ["Int128 from number"] = ("-7", b => TestSerializer.Deserialize<Int128>(b), (Int128)(-7)),
        ["UInt128 from bigint"] = ("2n**64n-1n", b => TestSerializer.Deserialize<UInt128>(b), (UInt128)ulong.MaxValue),
    };

    private static string QueueText(ImmutableQueue<string> queue) => queue.Peek() + ":" + string.Join(",", queue);

    private static string StackText(ImmutableStack<int> stack) => stack.Peek().ToString(CultureInfo.InvariantCulture) + ":" + string.Join(",", stack);

    private static IEnumerable<(string Name, DateTime Value)> Timestamps()
    {
        DateTime epoch = DateTime.UnixEpoch;
        yield return ("32-bit epoch", epoch);
        yield return ("32-bit max", epoch.AddSeconds(uint.MaxValue));
        yield return ("64-bit ticks", epoch.AddTicks(1));
        yield return ("64-bit after 32-bit", epoch.AddSeconds(uint.MaxValue + 1L));
        yield return ("64-bit max", epoch.AddSeconds((1L << 34) - 1).AddTicks(9_999_999));
        yield return ("96-bit 2^34", epoch.AddSeconds(1L << 34));
        yield return ("96-bit before 1970", epoch.AddTicks(-1));
        yield return ("96-bit year 1", DateTime.MinValue);
        yield return ("96-bit year 9999", new DateTime(DateTime.MaxValue.Ticks, DateTimeKind.Utc));
    }
}
