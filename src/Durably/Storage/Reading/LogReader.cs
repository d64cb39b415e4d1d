using System.Globalization;
using Durably.IO;
using Durably.Storage.Format;
using Durably.Storage.Recovery;
using Durably.Storage.Writing;

namespace Durably.Storage.Reading;

/// <summary>
/// Reads records back from the segment files, frame by frame, validating each frame as
/// recovery does (CRC, position, sequence, chain). A frame that does not check out in one copy
/// is read from the other.
/// </summary>
internal sealed class LogReader
{
    private readonly StorageFileSystem _fileSystem;
    private readonly IReadOnlyList<LogCopyLocation> _copies;
    private readonly LogId _logId;
    private readonly int _alignment;
    private readonly StorageFileOptions _readOptions;

    internal LogReader(StorageFileSystem fileSystem, IReadOnlyList<LogCopyLocation> copies, LogId logId, int alignment, bool direct)
    {
        _fileSystem = fileSystem;
        _copies = copies;
        _logId = logId;
        _alignment = alignment;
        _readOptions = StorageFileOptions.ReadOnly | (direct ? StorageFileOptions.Direct : StorageFileOptions.None);
    }

    /// <summary>
    /// Records with sequence numbers in [<paramref name="from"/>, <paramref name="upTo"/>], in order.
    /// Throws <see cref="ArgumentOutOfRangeException"/> at once when records in that range are before
    /// the first one the segments hold (retired behind a snapshot): never a shorter sequence.
    /// </summary>
    internal IEnumerable<LogRecord> Read(long from, long upTo, IndexedSegment[] segments)
    {
        from = Math.Max(from, 1);
        long first = segments.Length == 0 ? upTo + 1 : segments[0].FirstSequence;
        if (from <= upTo && from < first)
        {
            throw new ArgumentOutOfRangeException(
                nameof(from),
                from,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The log no longer holds records {from}..{Math.Min(first, upTo + 1) - 1}: the first record it holds is {first} (the segments before were retired behind a snapshot, which holds the state they built). Read from {first} on."));
        }

        return ReadRecords(from, upTo, segments);
    }

    private IEnumerable<LogRecord> ReadRecords(long from, long upTo, IndexedSegment[] segments)
    {
        foreach ((FrameHeader header, byte[] payload) in ReadFrames(from, upTo, segments))
        {
            int at = 0;
            for (long s = header.FirstSequence; s <= header.LastSequence; s++)
            {
                _ = RecordListCodec.TryRead(payload, ref at, out int recordStart, out int recordLength);
                if (s >= from && s <= upTo)
                {
                    yield return new LogRecord(s, new ReadOnlyMemory<byte>(payload, recordStart, recordLength));
                }
            }
        }
    }

    /// <summary>The header of the frame that holds record <paramref name="sequence"/> (validated as recovery validates it).</summary>
    internal FrameHeader FrameHolding(long sequence, IndexedSegment[] segments)
    {
        foreach ((FrameHeader header, byte[] _) in ReadFrames(sequence, sequence, segments))
        {
            return header;
        }

        throw new LogCorruptException(
            string.Create(CultureInfo.InvariantCulture, $"Record {sequence} is not in the log's segments."),
            sequence,
            []);
    }

    /// <summary>The frames holding records [<paramref name="from"/>, <paramref name="upTo"/>], each validated, with its payload.</summary>
    private IEnumerable<(FrameHeader Header, byte[] Payload)> ReadFrames(long from, long upTo, IndexedSegment[] segments)
    {
        from = Math.Max(from, 1);
        int start = -1;
        for (int i = 0; i < segments.Length; i++)
        {
            if (segments[i].FirstSequence <= from)
            {
                start = i;
            }
        }

        if (start < 0 || from > upTo)
        {
            yield break;
        }

        var readers = new SegmentReader[_copies.Count];
        var files = new StorageFile?[_copies.Count];
        try
        {
            for (int c = 0; c < readers.Length; c++)
            {
                readers[c] = new SegmentReader(_alignment);
            }

            for (int i = start; i < segments.Length; i++)
            {
                IndexedSegment segment = segments[i];
                long next = i + 1 < segments.Length ? segments[i + 1].FirstSequence : long.MaxValue;
                Attach(readers, files, segment.Number);
                long sequence = segment.FirstSequence;
                uint chain = segment.ChainBefore;
                long position = _alignment;
                while (sequence <= upTo && sequence < next)
                {
                    var expect = new FrameExpectation(_logId, segment.Number, segment.Size, position, sequence, chain);
                    int copy = FindValid(readers, expect, out FrameInspection inspection, out string problems);
                    if (copy < 0)
                    {
                        throw new LogCorruptException(
                            string.Create(
                                CultureInfo.InvariantCulture,
                                $"Record {sequence} cannot be read from any copy (segment {segment.Number} offset {position}): {problems}."),
                            sequence,
                            [.. _copies.Select(c => c.PathOf(SegmentFileName.For(segment.Number)))]);
                    }

                    FrameHeader header = inspection.Header;
                    _ = readers[copy].TryGet(position, (int)header.UnpaddedLength, out ReadOnlySpan<byte> frame);
                    if (header.LastSequence >= from)
                    {
                        yield return (header, frame.Slice(LogFormat.FrameHeaderSize, (int)header.PayloadLength).ToArray());
                    }

                    sequence = header.LastSequence + 1;
                    chain = header.Crc;
                    position += inspection.AlignedLength;
                }

                if (sequence > upTo)
                {
                    yield break;
                }
            }
        }
        finally
        {
            foreach (StorageFile? file in files)
            {
                file?.Dispose();
            }

            foreach (SegmentReader? reader in readers)
            {
                reader?.Dispose();
            }
        }
    }

    private void Attach(SegmentReader[] readers, StorageFile?[] files, uint segment)
    {
        for (int c = 0; c < readers.Length; c++)
        {
            files[c]?.Dispose();
            files[c] = null;
            try
            {
                files[c] = _fileSystem.Open(_copies[c].PathOf(SegmentFileName.For(segment)), StorageOpenMode.OpenExisting, _readOptions);
            }
            catch (StorageException)
            {
                // This copy cannot serve the segment; the other may.
            }

            readers[c].Attach(files[c]);
        }
    }

    private int FindValid(SegmentReader[] readers, in FrameExpectation expect, out FrameInspection inspection, out string problems)
    {
        problems = string.Empty;
        for (int c = 0; c < readers.Length; c++)
        {
            inspection = readers[c].HasFile
                ? FrameInspector.Inspect(readers[c], expect, _alignment)
                : new FrameInspection(FrameState.Missing, default, 0, "no segment file");
            if (inspection.IsValid)
            {
                return c;
            }

            problems += (problems.Length == 0 ? string.Empty : "; ") + _copies[c].Name + ": " + inspection.Describe();
        }

        inspection = default;
        return -1;
    }
}
