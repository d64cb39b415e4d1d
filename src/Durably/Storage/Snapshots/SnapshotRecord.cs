namespace Durably.Storage.Snapshots;

/// <summary>A snapshot that is durable and verified: its sequence and the first segment it needs.</summary>
/// <param name="Sequence">The last record it covers.</param>
/// <param name="StartSegment">The first segment recovery needs with it.</param>
internal readonly record struct SnapshotRecord(long Sequence, uint StartSegment);
