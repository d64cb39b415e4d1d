using System.Collections.Immutable;
using System.Globalization;
using Ours = Durably.Runtime.MessagePackSerializer;
using Theirs = MessagePack.MessagePackSerializer;
using TheirOptions = MessagePack.MessagePackSerializerOptions;

namespace Durably.Serialization.Tests.CrossCheck;

/// <summary>
/// MessagePack-CSharp 2.5.307 (the library .NET users know) as an oracle: for every type both
/// support and at every encoding boundary, our bytes equal its bytes, it decodes ours, and we decode
/// its bytes back to the same value. A type it does not support is listed, so the list changes
/// only on purpose.
/// </summary>
public sealed class MessagePackCSharpOracleTests
{
    private static readonly TheirOptions Standard = TheirOptions.Standard;

    private enum Colour : short
    {
        Red = -2,
        Green = 7,
        Blue = 300,
    }

    private sealed class Results
    {
        public List<string> Failures { get; } = [];

        public SortedSet<string> UnsupportedByOracle { get; } = new(StringComparer.Ordinal);

        public int Checked { get; set; }

        /// <summary>Both directions, compared on the wire: equal bytes, and each side re-encodes the other's decoding identically.</summary>
        public void Check<T>(string label, T value)
        {
            string name = label + " (" + typeof(T).Name + ")";
            Checked++;
            byte[] ours;
            try
            {
                ours = Ours.Serialize(value);
            }
            catch (Exception ex)
            {
                Failures.Add($"{name}: our serializer threw {ex.GetType().Name}: {ex.Message}");
                return;
            }

            byte[] theirs;
            try
            {
                theirs = Theirs.Serialize(value, Standard);
            }
            catch (MessagePack.MessagePackSerializationException ex) when (ex.InnerException is MessagePack.FormatterNotRegisteredException)
            {
                UnsupportedByOracle.Add(TypeName(typeof(T)));
                return;
            }

            if (!ours.AsSpan().SequenceEqual(theirs))
            {
                Failures.Add($"{name}: ours {Convert.ToHexString(ours)}, MessagePack-CSharp {Convert.ToHexString(theirs)}");
                return;
            }

            // We read theirs back to a value that encodes to the same bytes (and equals the original where T has value equality).
            T decodedByUs = Ours.Deserialize<T>(theirs);
            byte[] again = Ours.Serialize(decodedByUs);
            if (!again.AsSpan().SequenceEqual(theirs))
            {
                Failures.Add($"{name}: we decoded MessagePack-CSharp's bytes to something that encodes as {Convert.ToHexString(again)}");
            }

            if (IsScalar(typeof(T)) && !EqualityComparer<T>.Default.Equals(decodedByUs, value) && !BothNaN(decodedByUs, value))
            {
                Failures.Add($"{name}: we decoded MessagePack-CSharp's bytes to {decodedByUs}, expected {value}");
            }

            // They read ours back to a value they encode to the same bytes.
            T decodedByThem = Theirs.Deserialize<T>(ours, Standard);
            byte[] theirAgain = Theirs.Serialize(decodedByThem, Standard);
            if (!theirAgain.AsSpan().SequenceEqual(ours))
            {
                Failures.Add($"{name}: MessagePack-CSharp decoded our bytes to something it encodes as {Convert.ToHexString(theirAgain)}");
            }
        }

        private static bool IsScalar(Type type) =>
            type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid) ||
            type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) ||
            type == typeof(DateOnly) || type == typeof(TimeOnly) || Nullable.GetUnderlyingType(type) is not null;

        private static bool BothNaN<T>(T a, T b) =>
            (a, b) is (double x, double y) && double.IsNaN(x) && double.IsNaN(y) ||
            (a, b) is (float f, float g) && float.IsNaN(f) && float.IsNaN(g);

        private static string TypeName(Type type) => type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(",", type.GetGenericArguments().Select(TypeName)) + ">"
            : type.Name;
    }

    [Fact]
    public void Integers_at_every_width_boundary_are_byte_identical_and_read_both_ways()
    {
        var results = new Results();
        long[] signed = [0, 1, -1, 31, 32, -32, -33, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535, 65536,
            int.MaxValue, (long)int.MaxValue + 1, int.MinValue, (long)int.MinValue - 1, uint.MaxValue, (long)uint.MaxValue + 1, long.MaxValue, long.MinValue];
        foreach (long value in signed)
        {
            string label = value.ToString(CultureInfo.InvariantCulture);
            results.Check(label, value);
            if (value is >= int.MinValue and <= int.MaxValue)
            {
                results.Check(label, (int)value);
            }

            if (value is >= short.MinValue and <= short.MaxValue)
            {
                results.Check(label, (short)value);
            }

            if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
            {
                results.Check(label, (sbyte)value);
            }

            if (value >= 0)
            {
                results.Check(label, (ulong)value);
                if (value <= uint.MaxValue)
                {
                    results.Check(label, (uint)value);
                }

                if (value <= ushort.MaxValue)
                {
                    results.Check(label, (ushort)value);
                    results.Check(label, (char)value);
                }

                if (value <= byte.MaxValue)
                {
                    results.Check(label, (byte)value);
                }
            }
        }

        results.Check("ulong max", ulong.MaxValue);
        results.Check("true", true);
        results.Check("false", false);
        foreach (Colour colour in Enum.GetValues<Colour>())
        {
            results.Check(colour.ToString(), colour);
        }

        Assert.True(results.Failures.Count == 0, string.Join('\n', results.Failures));
        Assert.Empty(results.UnsupportedByOracle);
        Assert.True(results.Checked > 100);
    }

    [Fact]
    public void Floats_strings_binary_and_framework_scalars_are_byte_identical_and_read_both_ways()
    {
        var results = new Results();
        foreach (double value in new[] { 0.0, -0.0, 1.5, Math.PI, 0.1, double.MaxValue, double.MinValue, double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            results.Check("double " + value.ToString("R", CultureInfo.InvariantCulture), value);
            results.Check("float " + value.ToString("R", CultureInfo.InvariantCulture), (float)value);
        }

        foreach (int length in new[] { 0, 1, 31, 32, 255, 256, 65535, 65536, 70_000 })
        {
            results.Check($"ascii string of {length}", new string('a', length));
            results.Check($"two-byte string of {length}", new string('é', length / 2));
            byte[] bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 31)).ToArray();
            results.Check($"bin of {length}", bytes);
            results.Check($"memory of {length}", new ReadOnlyMemory<byte>(bytes));
            results.Check($"writable memory of {length}", new Memory<byte>(bytes));
        }

        results.Check("mixed string", "ASCII, Ünïcödé, € and 😀 and 𝄞");
        results.Check("null string", (string?)null);
        results.Check("null bin", (byte[]?)null);
        foreach (decimal value in new[] { 0m, 1.50m, -1m, 0.0000000000000000000000000001m, decimal.MaxValue, decimal.MinValue, 123456789.987654321m })
        {
            results.Check("decimal " + value.ToString(CultureInfo.InvariantCulture), value);
        }

        results.Check("guid", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));
        results.Check("empty guid", Guid.Empty);
        foreach (DateTime value in new[]
        {
            new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            new DateTime(2020, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1234567),
            new DateTime(2106, 2, 7, 6, 28, 15, DateTimeKind.Utc),
            new DateTime(2106, 2, 7, 6, 28, 16, DateTimeKind.Utc),
            new DateTime(2514, 5, 30, 1, 53, 3, DateTimeKind.Utc),
            new DateTime(2514, 5, 30, 1, 53, 4, DateTimeKind.Utc),
            new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999),
            DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
            DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc),
        })
        {
            results.Check("DateTime " + value.ToString("O", CultureInfo.InvariantCulture), value);
        }

        results.Check("DateTimeOffset +2h", new DateTimeOffset(2020, 1, 1, 10, 0, 0, TimeSpan.FromHours(2)));
        results.Check("DateTimeOffset -5h30", new DateTimeOffset(1999, 12, 31, 23, 0, 0, new TimeSpan(-5, -30, 0)));
        foreach (TimeSpan value in new[] { TimeSpan.Zero, TimeSpan.FromDays(-1), TimeSpan.MaxValue, TimeSpan.MinValue, TimeSpan.FromTicks(127) })
        {
            results.Check("TimeSpan " + value.Ticks.ToString(CultureInfo.InvariantCulture), value);
        }

        results.Check("DateOnly min", DateOnly.MinValue);
        results.Check("DateOnly", new DateOnly(2026, 12, 7));
        results.Check("DateOnly max", DateOnly.MaxValue);
        results.Check("TimeOnly min", TimeOnly.MinValue);
        results.Check("TimeOnly", new TimeOnly(13, 45, 1, 250));
        results.Check("TimeOnly max", TimeOnly.MaxValue);
        results.Check("nullable int", (int?)42);
        results.Check("nullable int null", (int?)null);
        results.Check("nullable decimal", (decimal?)2.5m);
        results.Check("nullable guid null", (Guid?)null);
        results.Check("Int128", (Int128)5);
        results.Check("UInt128", (UInt128)5);
        results.Check("nint", (nint)5);
        results.Check("nuint", (nuint)5);

        Assert.True(results.Failures.Count == 0, string.Join('\n', results.Failures));

        // What MessagePack-CSharp 2.5.307's standard resolver does not know; we write these as documented in docs/format.md.
        Assert.Equal(["Int128", "UInt128", "nint", "nuint"], results.UnsupportedByOracle.Select(n => n switch { "IntPtr" => "nint", "UIntPtr" => "nuint", _ => n }).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Collections_at_every_count_boundary_are_byte_identical_and_read_both_ways()
    {
        var results = new Results();
        foreach (int count in new[] { 0, 1, 15, 16, 17, 65535, 65536 })
        {
            int[] numbers = Enumerable.Range(0, count).Select(i => i % 300 - 100).ToArray();
            string[] words = numbers.Select(i => "w" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            results.Check($"int[{count}]", numbers);
            results.Check($"List<int>({count})", numbers.ToList());
            results.Check($"Dictionary<string,int>({count})", Enumerable.Range(0, count).ToDictionary(i => "k" + i.ToString(CultureInfo.InvariantCulture), i => i));
            results.Check($"Dictionary<string,decimal>({count})", Enumerable.Range(0, count).ToDictionary(i => "a" + i.ToString(CultureInfo.InvariantCulture), i => i / 4m));
            results.Check($"SortedDictionary<int,string>({count})", new SortedDictionary<int, string>(Enumerable.Range(0, count).ToDictionary(i => -i, i => words[i])));
            results.Check($"HashSet<int>({count})", new HashSet<int>(Enumerable.Range(0, count)));
            results.Check($"IList<string>({count})", (IList<string>)words.ToList());
            results.Check($"IReadOnlyList<string>({count})", (IReadOnlyList<string>)words.ToList());
            results.Check($"IDictionary<int,int>({count})", (IDictionary<int, int>)Enumerable.Range(0, count).ToDictionary(i => i, i => -i));
            results.Check($"IReadOnlyDictionary<string,int>({count})", (IReadOnlyDictionary<string, int>)Enumerable.Range(0, count).ToDictionary(i => words[i] + "_" + i.ToString(CultureInfo.InvariantCulture), i => i));
        }

        results.Check("int?[]", new int?[] { 1, null, -3 });
        results.Check("string?[]", new string?[] { "a", null, "" });
        results.Check("null List<int>", (List<int>?)null);
        results.Check("null Dictionary", (Dictionary<string, int>?)null);
        results.Check("nested", new List<Dictionary<string, int[]>> { new() { ["x"] = [1, 2], ["y"] = [] }, new() });
        results.Check("KeyValuePair<string,Guid>", new KeyValuePair<string, Guid>("k", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")));
        results.Check("ValueTuple<int>", ValueTuple.Create(1));
        results.Check("(int,string)", (1, "two"));
        results.Check("(int,string,decimal,bool)", (1, "two", 3m, true));
        results.Check("7-tuple", (1, 2, 3, 4, 5, 6, 7));
        results.Check("ImmutableArray<int>", ImmutableArray.Create(1, 2, 3));
        results.Check("ImmutableList<string>", ImmutableList.Create("a", "b"));
        results.Check("ImmutableDictionary<string,int>", ImmutableDictionary<string, int>.Empty.Add("a", 1));
        results.Check("ImmutableSortedDictionary<string,int>", ImmutableSortedDictionary<string, int>.Empty.Add("a", 1).Add("b", 2));

        Assert.True(results.Failures.Count == 0, string.Join('\n', results.Failures));
        Assert.True(results.Checked > 70);

        // MessagePack-CSharp 2.5 supports every collection above, immutable ones included.
        Assert.Empty(results.UnsupportedByOracle);
    }
}
