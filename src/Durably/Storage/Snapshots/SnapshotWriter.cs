using System.Globalization;
using Durably.IO;
using Durably.Storage.Format;
using Durably.Storage.Reading;
using Durably.Storage.Writing;

namespace Durably.Storage.Snapshots;

/// <summary>
/// Writes snapshots for an open log and retires what they make unnecessary. A snapshot at
/// sequence S is bound to the log id, S, the CRC of the frame holding record S and the segment
/// holding that frame; it is written to every copy (temporary name, O_DIRECT, fsync, rename,
/// directory fsync, read-back) and counts only once every copy verified. Then every snapshot
/// file but this one and the previous one is deleted, and, only once all of those deletes held,
/// the segments wholly before the previous snapshot's start segment are deleted: the previous
/// snapshot stays usable, with its log, should the newest be damaged in every copy, and no
/// snapshot ever survives whose log was retired.
/// </summary>
internal sealed class SnapshotWriter
{
    private readonly StorageFileSystem _fileSystem;
    private readonly IReadOnlyList<LogCopyLocation> _copies;
    private readonly LogId _logId;
    private readonly int _alignment;
    private readonly LogSegmentIndex _index;
    private readonly LogReader _reader;
    private readonly Action<string> _report;
    private readonly object _gate = new();
    private SnapshotRecord? _newest;
    private SnapshotRecord? _previous;
    private long _retiredSegments;

    internal SnapshotWriter(
        StorageFileSystem fileSystem,
        IReadOnlyList<LogCopyLocation> copies,
        LogId logId,
        int alignment,
        LogSegmentIndex index,
        LogReader reader,
        IReadOnlyList<SnapshotRecord> kept,
        Action<string> report)
    {
        _fileSystem = fileSystem;
        _copies = copies;
        _logId = logId;
        _alignment = alignment;
        _index = index;
        _reader = reader;
        _report = report;
        _newest = kept.Count > 0 ? kept[0] : null;
        _previous = kept.Count > 1 ? kept[1] : null;
    }

    /// <summary>The newest durable, verified snapshot's sequence (0 for none).</summary>
    internal long NewestSequence
    {
        get
        {
            lock (_gate)
            {
                return _newest?.Sequence ?? 0;
            }
        }
    }

    /// <summary>Segments deleted behind snapshots since the log was opened.</summary>
    internal long RetiredSegments => Interlocked.Read(ref _retiredSegments);

    /// <summary>
    /// Writes the snapshot of the state after record <paramref name="sequence"/> (which must be
    /// durable) with <paramref name="body"/>, then deletes older snapshots and retires segments.
    /// Throws <see cref="DurableSnapshotException"/> when the snapshot could not be made durable
    /// and verified in every copy; the log is unaffected and keeps everything it had.
    /// </summary>
    internal void Write(long sequence, ReadOnlySpan<byte> body, long lastDurable)
    {
        lock (_gate)
        {
            if (sequence <= 0 || sequence > lastDurable)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(sequence),
                    sequence,
                    string.Create(CultureInfo.InvariantCulture, $"A snapshot needs a durable record: the log's last durable sequence is {lastDurable}."));
            }

            if (_newest is { } newest && sequence <= newest.Sequence)
            {
                if (sequence == newest.Sequence)
                {
                    return;
                }

                throw new ArgumentOutOfRangeException(
                    nameof(sequence),
                    sequence,
                    string.Create(CultureInfo.InvariantCulture, $"A snapshot at {newest.Sequence} exists; snapshots only move forward."));
            }

            SnapshotRecord written = WriteEverywhere(sequence, body);
            _previous = _newest;
            _newest = written;

            // Retiring while an older snapshot survives somewhere would leave a verified snapshot
            // whose log is gone; the next snapshot deletes it and retires then.
            if (DeleteOtherSnapshots() && _previous is { } previous)
            {
                Retire(previous.StartSegment);
            }
        }
    }

    private SnapshotRecord WriteEverywhere(long sequence, ReadOnlySpan<byte> body)
    {
        IndexedSegment[] segments = _index.Snapshot();
        IndexedSegment holding = default;
        foreach (IndexedSegment segment in segments)
        {
            if (segment.FirstSequence <= sequence)
            {
                holding = segment;
            }
        }

        string file = SnapshotFileName.For(sequence);
        try
        {
            FrameHeader frame = _reader.FrameHolding(sequence, segments);
            var header = new SnapshotHeader(sequence, _logId, frame.Crc, holding.Number, holding.FirstSequence, holding.ChainBefore, 0, 0);
            using SnapshotImage image = SnapshotImage.Build(header, body, _alignment);
            foreach (LogCopyLocation copy in _copies)
            {
                SnapshotCopyIo.Write(_fileSystem, copy, image, _alignment);
            }
        }
        catch (IOException e)
        {
            string message = string.Create(
                CultureInfo.InvariantCulture,
                $"The snapshot at sequence {sequence} ({file}) could not be made durable and verified in every copy: {e.Message} ")
                + "It does not count: the log keeps every record it had, recovery stays correct, and a later snapshot tries again. "
                + "If this repeats, check the disks (space, errors) of both log directories.";
            _report(message);
            throw new DurableSnapshotException(message, e);
        }

        _report(string.Create(CultureInfo.InvariantCulture, $"Snapshot at sequence {sequence} is durable and verified in every copy ({file})."));
        return new SnapshotRecord(sequence, holding.Number);
    }

    /// <summary>
    /// Deletes every snapshot file but the newest and the previous, in every copy; true when none is
    /// left. A failure leaves files for the next snapshot (and for recovery, which sets them aside).
    /// </summary>
    private bool DeleteOtherSnapshots()
    {
        var failures = new List<string>();
        foreach (LogCopyLocation copy in _copies)
        {
            bool deleted = false;
            try
            {
                foreach (string name in _fileSystem.ListFiles(copy.Directory))
                {
                    bool stale = SnapshotFileName.IsTemporary(name)
                        || (SnapshotFileName.TryParse(name, out long sequence) && sequence != _newest?.Sequence && sequence != _previous?.Sequence);
                    if (!stale)
                    {
                        continue;
                    }

                    try
                    {
                        _fileSystem.Delete(copy.PathOf(name));
                        deleted = true;
                    }
                    catch (IOException e)
                    {
                        failures.Add(e.Message);
                    }
                }

                if (deleted)
                {
                    _fileSystem.SyncDirectory(copy.Directory);
                }
            }
            catch (IOException e)
            {
                failures.Add(e.Message);
            }
        }

        if (failures.Count > 0)
        {
            _report("Deleting older snapshots failed, so no segment is retired now (the files are kept; a later snapshot deletes them and retires): "
                + string.Join(" ", failures));
            return false;
        }

        return true;
    }

    /// <summary>Deletes the segments numbered below <paramref name="firstKept"/> in every copy.</summary>
    private void Retire(uint firstKept)
    {
        _index.RemoveBefore(firstKept);
        try
        {
            int count = 0;
            foreach (LogCopyLocation copy in _copies)
            {
                bool deleted = false;
                foreach (string name in _fileSystem.ListFiles(copy.Directory))
                {
                    if (SegmentFileName.TryParse(name, out uint number) && number < firstKept)
                    {
                        _fileSystem.Delete(copy.PathOf(name));
                        deleted = true;
                        count++;
                    }
                }

                if (deleted)
                {
                    _fileSystem.SyncDirectory(copy.Directory);
                }
            }

            if (count > 0)
            {
                Interlocked.Add(ref _retiredSegments, count);
                _report(string.Create(CultureInfo.InvariantCulture, $"Retired {count} segment file(s) before segment {firstKept}: snapshots cover their records."));
            }
        }
        catch (IOException e)
        {
            _report("Retiring segments failed (they are kept and retired after a later snapshot): " + e.Message);
        }
    }
}
