namespace Durably.Storage;

/// <summary>A record read back from the log.</summary>
/// <param name="Sequence">The record's sequence number (consecutive from 1).</param>
/// <param name="Payload">The record's bytes, exactly as appended.</param>
internal readonly record struct LogRecord(long Sequence, ReadOnlyMemory<byte> Payload);
