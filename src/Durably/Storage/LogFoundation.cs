using Durably.IO;
using Durably.Storage.Format;
using Durably.Storage.Segments;
using Durably.Storage.Snapshots;
using Durably.Storage.Writing;

namespace Durably.Storage;

/// <summary>Everything opening established, handed to the <see cref="DurableLog"/> it becomes.</summary>
internal sealed record LogFoundation(
    LogSettings Settings,
    IoEngine Engine,
    string EngineReason,
    LogId LogId,
    IReadOnlyList<DirectoryLock> Locks,
    IReadOnlyList<LogCopyStatus> CopyStatus,
    IReadOnlyList<string> Warnings,
    string Repairs,
    SegmentCreator Creator,
    FrameBuffers Buffers,
    SegmentFiles Active,
    long Cursor,
    uint Chain,
    bool ActiveIndexed,
    long LastSequence,
    IReadOnlyList<SegmentFiles> Spares,
    IReadOnlyList<IndexedSegment> Index,
    uint NextSegmentNumber,
    Action<string>? OnMessage,
    RecoveredSnapshot? Snapshot,
    IReadOnlyList<SnapshotRecord> KeptSnapshots);
