namespace Durably.Storage;

/// <summary>One record of a durable frame, as <see cref="ICommitSink.OnCommitted"/> receives it.</summary>
/// <param name="Sequence">The record's sequence number.</param>
/// <param name="Token">The token it was appended with.</param>
internal readonly record struct CommittedAppend(long Sequence, object Token);
