using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Durably.Runtime;

namespace Durably.Benchmarks;

/// <summary>
/// Durably's MessagePack codec against System.Text.Json (source-generated) on operation-record
/// shapes: one record, and a list of 20. Each benchmark encodes into a reused buffer and decodes
/// the result, so allocations are what the codec itself needs.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[Config(typeof(Columns))]
public class SerializationBenchmarks
{
    private const string One = "one record";
    private const string Twenty = "20 records";

    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _json = new(Stream.Null);
    private SerializationRecord _record = null!;
    private List<SerializationRecord> _records = null!;

    static SerializationBenchmarks() => MessagePackFormatters.Register(new SerializationRecordFormatter());

    [GlobalSetup]
    public void Setup()
    {
        _record = SerializationRecord.Sample(42);
        _records = Enumerable.Range(0, 20).Select(SerializationRecord.Sample).ToList();

        // Both sides must really round-trip, or the comparison means nothing.
        foreach (List<SerializationRecord>? back in new[] { MessagePackTwenty(), JsonTwenty() })
        {
            if (back is null || !back.Select(Describe).SequenceEqual(_records.Select(Describe)))
            {
                throw new InvalidOperationException("A serializer did not round-trip the records.");
            }
        }

        if (Describe(MessagePackOne()!) != Describe(_record) || Describe(JsonOne()!) != Describe(_record))
        {
            throw new InvalidOperationException("A serializer did not round-trip the record.");
        }
    }

    private static string Describe(SerializationRecord r) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.Account}|{r.Amount}|{r.OperationId}|{r.Sequence}|{r.At:O}|{r.At.Kind}");

    [Benchmark(Baseline = true, Description = "MessagePack")]
    [BenchmarkCategory(One)]
    public SerializationRecord? MessagePackOne() => MessagePackRoundTrip(_record);

    [Benchmark(Description = "System.Text.Json (source-generated)")]
    [BenchmarkCategory(One)]
    public SerializationRecord? JsonOne() => JsonRoundTrip(_record, SerializationJsonContext.Default.SerializationRecord);

    [Benchmark(Baseline = true, Description = "MessagePack")]
    [BenchmarkCategory(Twenty)]
    public List<SerializationRecord>? MessagePackTwenty() => MessagePackRoundTrip(_records);

    [Benchmark(Description = "System.Text.Json (source-generated)")]
    [BenchmarkCategory(Twenty)]
    public List<SerializationRecord>? JsonTwenty() => JsonRoundTrip(_records, SerializationJsonContext.Default.ListSerializationRecord);

    private T MessagePackRoundTrip<T>(T value)
    {
        _buffer.ResetWrittenCount();
        MessagePackSerializer.Serialize(_buffer, value);
        return MessagePackSerializer.Deserialize<T>(_buffer.WrittenMemory);
    }

    private T? JsonRoundTrip<T>(T value, JsonTypeInfo<T> info)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        JsonSerializer.Serialize(_json, value, info);
        return JsonSerializer.Deserialize(_buffer.WrittenSpan, info);
    }

    /// <summary>The encoded size of each case, so the table shows size next to time.</summary>
    public static int EncodedBytes(string method)
    {
        var benchmarks = new SerializationBenchmarks();
        benchmarks.Setup();
        return method switch
        {
            nameof(MessagePackOne) => MessagePackSerializer.Serialize(benchmarks._record).Length,
            nameof(MessagePackTwenty) => MessagePackSerializer.Serialize(benchmarks._records).Length,
            nameof(JsonOne) => JsonSerializer.SerializeToUtf8Bytes(benchmarks._record, SerializationJsonContext.Default.SerializationRecord).Length,
            nameof(JsonTwenty) => JsonSerializer.SerializeToUtf8Bytes(benchmarks._records, SerializationJsonContext.Default.ListSerializationRecord).Length,
            _ => 0,
        };
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new EncodedBytesColumn());
    }

    private sealed class EncodedBytesColumn : IColumn
    {
        public string Id => nameof(EncodedBytesColumn);

        public string ColumnName => "Encoded bytes";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Size;

        public string Legend => "Size of the encoded value in bytes";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            EncodedBytes(benchmarkCase.Descriptor.WorkloadMethod.Name).ToString(System.Globalization.CultureInfo.InvariantCulture);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
