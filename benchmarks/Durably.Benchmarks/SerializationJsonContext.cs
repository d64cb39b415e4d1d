using System.Text.Json.Serialization;

namespace Durably.Benchmarks;

/// <summary>System.Text.Json's source-generated metadata and fast-path serializers for the same shapes.</summary>
[JsonSerializable(typeof(SerializationRecord))]
[JsonSerializable(typeof(List<SerializationRecord>))]
internal sealed partial class SerializationJsonContext : JsonSerializerContext;
