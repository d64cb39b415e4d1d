namespace Durably.Storage.Snapshots;

/// <summary>The snapshot recovery chose: the state after record <paramref name="Sequence"/>.</summary>
/// <param name="Sequence">The last record it covers; replay continues after it.</param>
/// <param name="Location">Its file name and directory, for messages.</param>
/// <param name="Body">The state bytes, as the store wrote them.</param>
internal sealed record RecoveredSnapshot(long Sequence, string Location, byte[] Body);
