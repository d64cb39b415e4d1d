using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Durably.Runtime;
using Xunit.Abstractions;

namespace Durably.Serialization.Tests;

/// <summary>
/// Seeded mutation fuzzing: valid messages of many shapes are bit-flipped, overwritten with
/// interesting codes and lengths, spliced, truncated and extended, then decoded generically and
/// as typed values (including as the wrong type). The only acceptable failure is a
/// MessagePackSerializationException with an offset inside the input; allocation per case must
/// stay proportional to the input; and a segmented copy of the input must behave identically.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 0x0D0B_1E5E;

    // Set DURABLY_FUZZ_CASES to run longer campaigns; the normal run stays well under a minute.
    private static readonly int CaseCount = int.TryParse(Environment.GetEnvironmentVariable("DURABLY_FUZZ_CASES"), out int n) && n > 0 ? n : 100_000;

    // Collections may legitimately expand (a 1-byte nil becomes an 8-byte reference, a 2-byte map
    // entry a ~24-byte dictionary slot); a preallocation from a forged count would be gigabytes.
    private const long AllocationPerInputByte = 100;
    private const long AllocationAllowance = 128 * 1024;

    private static readonly byte[] InterestingBytes =
    [
        0x00, 0x01, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9,
        0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd3, 0xd4, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
        0xe0, 0xff, 0xfe, 0xed, 0xf4, 0xf8,
    ];

    [Fact]
    public void Mutated_and_truncated_messages_only_ever_raise_MessagePackSerializationException()
    {
        List<CorpusEntry> corpus = Corpus.Build();
        var random = new Random(Seed);
        foreach (CorpusEntry entry in corpus)
        {
            // Every valid message decodes; this also warms up formatter resolution and the JIT,
            // which allocate once, outside the measured cases.
            SkipAll(entry.Bytes);
            Walk(entry.Bytes);
            entry.Decode(entry.Bytes);
            foreach (CorpusEntry other in corpus)
            {
                Describe(() => other.Decode(entry.Bytes));
            }
        }

        var stopwatch = Stopwatch.StartNew();
        int malformed = 0;
        int wellFormed = 0;
        int typed = 0;
        long maxAllocated = 0;
        int segmentedChecks = 0;
        for (int i = 0; i < CaseCount; i++)
        {
            CorpusEntry entry = corpus[random.Next(corpus.Count)];
            byte[] input = i % 10 == 9 ? RandomBytes(random) : Mutate(entry.Bytes, corpus, random);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Outcome outcome = Run(entry, input, corpus, random, out string? detail);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            maxAllocated = Math.Max(maxAllocated, allocated);
            if (outcome == Outcome.Bug)
            {
                Assert.Fail($"Case {i} (seed {Seed}, base {entry.Name}) input {Convert.ToHexString(input)}: {detail}");
            }

            if (allocated > AllocationAllowance + (AllocationPerInputByte * input.Length))
            {
                Assert.Fail($"Case {i} (base {entry.Name}) allocated {allocated} bytes for a {input.Length}-byte input {Convert.ToHexString(input)}.");
            }

            switch (outcome)
            {
                case Outcome.Malformed:
                    malformed++;
                    break;
                case Outcome.WellFormed:
                    wellFormed++;
                    break;
                default:
                    typed++;
                    break;
            }

            if (i % 7 == 0)
            {
                segmentedChecks++;
                AssertSegmentedBehavesTheSame(entry, input, i);
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{CaseCount} cases in {stopwatch.Elapsed.TotalSeconds:F1} s: {malformed} malformed, {wellFormed} well-formed but not their type, {typed} read as their type; {segmentedChecks} segmented cross-checks; max allocation per case {maxAllocated} bytes."));

        // The mix must exercise all three paths, or the mutations are too weak or too strong.
        Assert.True(malformed > CaseCount / 10, "too few malformed inputs");
        Assert.True(wellFormed > CaseCount / 20, "too few well-formed inputs of the wrong shape");
        Assert.True(typed > CaseCount / 20, "too few inputs that still read as their type");
    }

    private enum Outcome
    {
        /// <summary>Not even well-formed MessagePack: Skip refused it.</summary>
        Malformed,

        /// <summary>Well-formed, but not a valid value of the entry's type.</summary>
        WellFormed,

        /// <summary>Read back as the entry's type.</summary>
        Typed,

        /// <summary>Any exception but MessagePackSerializationException, or a bad offset.</summary>
        Bug,
    }

    /// <summary>Decodes generically and as typed values; reports whether the input was well-formed and whether it read as its own type.</summary>
    private static Outcome Run(CorpusEntry entry, byte[] input, List<CorpusEntry> corpus, Random random, out string? detail)
    {
        detail = null;
        Action<byte[]>[] decoders = [SkipAll, Walk, entry.Decode, corpus[random.Next(corpus.Count)].Decode];
        bool[] refused = new bool[decoders.Length];
        for (int d = 0; d < decoders.Length; d++)
        {
            try
            {
                decoders[d](input);
            }
            catch (MessagePackSerializationException ex)
            {
                refused[d] = true;
                if (ex.Offset is long offset && (offset < 0 || offset > input.Length))
                {
                    detail = $"offset {offset} outside the {input.Length}-byte input: {ex.Message}";
                    return Outcome.Bug;
                }

                if (string.IsNullOrWhiteSpace(ex.Message))
                {
                    detail = "an exception without a message";
                    return Outcome.Bug;
                }
            }
            catch (Exception ex)
            {
                detail = ex.ToString();
                return Outcome.Bug;
            }
        }

        return refused[0] ? Outcome.Malformed : refused[2] ? Outcome.WellFormed : Outcome.Typed;
    }

    private static void AssertSegmentedBehavesTheSame(CorpusEntry entry, byte[] input, int caseIndex)
    {
        ReadOnlySequence<byte> segmented = input.Length < 2
            ? MessagePackBytes.OneBytePerSegment(input)
            : caseIndex % 2 == 0
                ? MessagePackBytes.OneBytePerSegment(input)
                : MessagePackBytes.Segmented(input, 1 + (caseIndex % (input.Length - 1)));
        Assert.Equal(Describe(() => SkipAll(input)), Describe(() =>
        {
            var reader = new MessagePackReader(segmented);
            while (!reader.End)
            {
                reader.Skip();
            }
        }));
        Assert.Equal(Describe(() => entry.Decode(input)), Describe(() => entry.DecodeSequence(segmented)));
    }

    private static string Describe(Action action)
    {
        try
        {
            action();
            return "ok";
        }
        catch (MessagePackSerializationException ex)
        {
            return "refused at " + ex.Offset?.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static void SkipAll(byte[] input)
    {
        var reader = new MessagePackReader(input);
        while (!reader.End)
        {
            reader.Skip();
        }
    }

    private static void Walk(byte[] input)
    {
        var reader = new MessagePackReader(input);
        while (!reader.End)
        {
            WalkValue(ref reader);
        }
    }

    /// <summary>Reads a value with the typed reader method its code calls for.</summary>
    private static void WalkValue(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Integer:
                if (reader.NextCode == MessagePackCode.UInt64)
                {
                    reader.ReadUInt64();
                }
                else
                {
                    reader.ReadInt64();
                }

                break;
            case MessagePackType.Nil:
                reader.ReadNil();
                break;
            case MessagePackType.Boolean:
                reader.ReadBoolean();
                break;
            case MessagePackType.Float:
                reader.ReadDouble();
                break;
            case MessagePackType.String:
                reader.ReadString();
                break;
            case MessagePackType.Binary:
                reader.ReadBytes();
                break;
            case MessagePackType.Array:
                int count = reader.ReadArrayHeader();
                reader.DepthStep();
                for (int i = 0; i < count; i++)
                {
                    WalkValue(ref reader);
                }

                reader.Depth--;
                break;
            case MessagePackType.Map:
                int entries = reader.ReadMapHeader();
                reader.DepthStep();
                for (int i = 0; i < 2 * entries; i++)
                {
                    WalkValue(ref reader);
                }

                reader.Depth--;
                break;
            case MessagePackType.Extension:
                MessagePackReader peek = reader;
                if (peek.ReadExtensionFormatHeader().TypeCode == -1)
                {
                    reader.ReadDateTime();
                }
                else
                {
                    reader.ReadExtensionFormat();
                }

                break;
            default:
                reader.Skip();
                break;
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        byte[] bytes = new byte[random.Next(0, 48)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(byte[] original, List<CorpusEntry> corpus, Random random)
    {
        var bytes = new List<byte>(original);
        int mutations = 1 + random.Next(4);
        for (int m = 0; m < mutations; m++)
        {
            int position = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(9))
            {
                case 0 when bytes.Count > 0:
                    bytes[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[position] = (byte)random.Next(256);
                    break;
                case 2 when bytes.Count > 0:
                    bytes[position] = InterestingBytes[random.Next(InterestingBytes.Length)];
                    break;
                case 3:
                    bytes.Insert(position, InterestingBytes[random.Next(InterestingBytes.Length)]);
                    break;
                case 4 when bytes.Count > 0:
                    bytes.RemoveAt(position);
                    break;
                case 5:
                    // Truncate.
                    bytes.RemoveRange(position, bytes.Count - position);
                    break;
                case 6 when bytes.Count > 0:
                    // A forged length or count: 0xff.. or 0x7f.. over the next bytes.
                    byte fill = random.Next(2) == 0 ? (byte)0xff : (byte)0x7f;
                    for (int k = position; k < Math.Min(bytes.Count, position + 1 + random.Next(4)); k++)
                    {
                        bytes[k] = fill;
                    }

                    break;
                case 7:
                    // Splice in part of another message.
                    byte[] other = corpus[random.Next(corpus.Count)].Bytes;
                    int start = random.Next(other.Length);
                    bytes.InsertRange(position, other.AsSpan(start, random.Next(other.Length - start + 1)).ToArray());
                    break;
                default:
                    // Duplicate a slice (repeated keys, extra elements).
                    if (bytes.Count > 0)
                    {
                        int length = random.Next(1, Math.Min(16, bytes.Count - position) + 1);
                        bytes.InsertRange(position, bytes.GetRange(position, length));
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    private sealed record CorpusEntry(string Name, byte[] Bytes, Action<byte[]> Decode, Action<ReadOnlySequence<byte>> DecodeSequence);

    /// <summary>An operation-record-shaped user type with a formatter in the shape generated code has.</summary>
    private sealed record Deposit(string Account, decimal Amount, Guid Id, int Count, DateTime At);

    private sealed class DepositFormatter : IMessagePackFormatter<Deposit?>
    {
        public void Serialize(ref MessagePackWriter writer, Deposit? value)
        {
            if (value is null)
            {
                writer.WriteNil();
                return;
            }

            writer.WriteArrayHeader(5);
            writer.Write(value.Account);
            MessagePackFormatters.Get<decimal>().Serialize(ref writer, value.Amount);
            MessagePackFormatters.Get<Guid>().Serialize(ref writer, value.Id);
            writer.Write(value.Count);
            writer.Write(value.At);
        }

        public Deposit? Deserialize(ref MessagePackReader reader)
        {
            if (reader.TryReadNil())
            {
                return null;
            }

            int count = reader.ReadArrayHeader();
            reader.DepthStep();
            string account = string.Empty;
            decimal amount = 0;
            Guid id = Guid.Empty;
            int n = 0;
            DateTime at = default;
            for (int i = 0; i < count; i++)
            {
                switch (i)
                {
                    case 0:
                        account = reader.ReadString() ?? string.Empty;
                        break;
                    case 1:
                        amount = MessagePackFormatters.Get<decimal>().Deserialize(ref reader);
                        break;
                    case 2:
                        id = MessagePackFormatters.Get<Guid>().Deserialize(ref reader);
                        break;
                    case 3:
                        n = reader.ReadInt32();
                        break;
                    case 4:
                        at = reader.ReadDateTime();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            reader.Depth--;
            return new Deposit(account, amount, id, n, at);
        }
    }

    private static class Corpus
    {
        public static List<CorpusEntry> Build()
        {
            MessagePackFormatters.Register(new DepositFormatter());
            var guid = Guid.Parse("6b1d0c2e-5f3a-4e1b-9c7d-2a8f4e6b1c3d");
            var at = new DateTime(2031, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567);
            var deposit = new Deposit("alice", 1234.5600m, guid, 42, at);
            return
            [
                Entry("int", -123456),
                Entry("ulong", ulong.MaxValue),
                Entry("double", -1.0e300),
                Entry("float", 3.5f),
                Entry("string", "héllo wörld, a str 8 string of some length €€€"),
                Entry("long string", new string('x', 300) + "ü"),
                Entry("bytes", Enumerable.Range(0, 40).Select(i => (byte)i).ToArray()),
                Entry("decimal", -79228162514264337593543950335m),
                Entry("guid", guid),
                Entry("datetime32", DateTime.UnixEpoch.AddSeconds(1000)),
                Entry("datetime64", at),
                Entry("datetime96", new DateTime(1600, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
                Entry("datetimeoffset", new DateTimeOffset(at.Ticks, TimeSpan.FromMinutes(-330))),
                Entry("timespan", TimeSpan.FromDays(-3.25)),
                Entry("dateonly", new DateOnly(2024, 2, 29)),
                Entry("timeonly", new TimeOnly(13, 14, 15)),
                Entry("char", '€'),
                Entry("enum", DayOfWeek.Saturday),
                Entry("nullable", (int?)7),
                Entry("list of strings", new List<string?> { "a", null, "ccc", string.Empty }),
                Entry("int array", new[] { 0, -1, 127, 128, 65536, int.MinValue }),
                Entry("dictionary", new Dictionary<string, decimal> { ["x"] = 1.5m, ["y"] = -2m, ["zz"] = 0m }),
                Entry("hash set", new HashSet<Guid> { guid, Guid.Empty }),
                Entry("immutable array of tuples", ImmutableArray.Create((1, "one"), (2, "two"))),
                Entry("sorted dictionary of lists", ImmutableSortedDictionary<string, List<DateTime>>.Empty.Add("k", [at, DateTime.UnixEpoch])),
                Entry("key value pair", new KeyValuePair<string, byte[]>("k", [1, 2, 3])),
                Entry("record tuple", (42, "s", guid, 9.99m, at)),
                Entry("sorted set", new SortedSet<long> { long.MinValue, 0, long.MaxValue }),
                Entry("read-only list of maps", (IReadOnlyList<Dictionary<int, string?>>)[new() { [1] = "a", [2] = null }, []]),
                Entry("nested lists", new List<List<List<int>>> { new() { new() { 1, 2 }, new() }, new() }),
                Entry("nine-tuple", (1, 2, 3, 4, 5, 6, 7, 8, "nine")),
                Entry("int128", Int128.MinValue),
                Entry("uint128 array", new[] { UInt128.MaxValue, UInt128.Zero }),
                Entry("native integers", ((nint)(-5), nuint.MaxValue)),
                Entry("stack of queues", ImmutableStack.Create(ImmutableQueue.Create("a", "b"), ImmutableQueue<string>.Empty)),
                Entry("deposit", deposit),
                Entry("deposits", Enumerable.Range(0, 5).Select(i => deposit with { Count = i }).ToList()),
                Entry("map of deposits", new Dictionary<int, Deposit?> { [1] = deposit, [2] = null }),
            ];
        }

        // Formatters are called directly, not through MessagePackSerializer (which wraps foreign
        // exceptions): generated code calls them directly too, so they must throw only
        // MessagePackSerializationException themselves.
        private static CorpusEntry Entry<T>(string name, T value) => new(
            name,
            MessagePackSerializer.Serialize(value),
            bytes =>
            {
                var reader = new MessagePackReader(bytes);
                MessagePackFormatters.Get<T>().Deserialize(ref reader);
            },
            sequence =>
            {
                var reader = new MessagePackReader(sequence);
                MessagePackFormatters.Get<T>().Deserialize(ref reader);
            });
    }
}
