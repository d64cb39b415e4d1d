namespace Durably.Tool.Inspection;

/// <summary>What recovery would do with a snapshot file if the log were opened now.</summary>
internal enum SnapshotUse
{
    /// <summary>Recovery loads it and replays the records after it.</summary>
    Loaded,

    /// <summary>Kept, with the log it needs, for a fallback should the newest be lost.</summary>
    Fallback,

    /// <summary>Not used: damaged in every copy, of another log or another history; renamed to <c>.ignored</c>.</summary>
    SetAside,

    /// <summary>Neither loaded nor kept (an older snapshot a later one makes unnecessary); the next snapshot deletes it.</summary>
    Unused,
}
