using Durably.IO;
using Durably.Storage.Format;
using Durably.Storage.Segments;

namespace Durably.Storage.Recovery;

/// <summary>
/// Carries out a <see cref="RecoveryPlan"/>: deletes leftovers, rebuilds missing segment
/// files, rewrites damaged headers and the frames a copy lacks (copied from the copy that holds
/// them, CRC re-checked), zeroes everything past the end, and fsyncs what it touched. Runs
/// before the log accepts appends.
/// </summary>
internal sealed class LogRepairer : IDisposable
{
    private readonly StorageFileSystem _fileSystem;
    private readonly IReadOnlyList<LogCopyLocation> _copies;
    private readonly RecoveryPlan _plan;
    private readonly StorageFileOptions _writeOptions;
    private readonly SegmentCreator _creator;
    private readonly Dictionary<(int Copy, uint Segment), StorageFile> _sources = [];
    private AlignedBuffer _buffer;

    internal LogRepairer(StorageFileSystem fileSystem, IReadOnlyList<LogCopyLocation> copies, RecoveryPlan plan, bool direct)
    {
        _fileSystem = fileSystem;
        _copies = copies;
        _plan = plan;
        _writeOptions = direct ? StorageFileOptions.Direct : StorageFileOptions.None;
        _creator = new SegmentCreator(fileSystem, plan.LogId, plan.Alignment, direct);
        _buffer = new AlignedBuffer(plan.Alignment * 8, plan.Alignment);
    }

    internal void Apply()
    {
        var touchedDirectories = new HashSet<int>();
        foreach ((int copy, string fileName) in _plan.Deletions)
        {
            _fileSystem.Delete(_copies[copy].PathOf(fileName));
            touchedDirectories.Add(copy);
        }

        foreach (int copy in touchedDirectories)
        {
            _fileSystem.SyncDirectory(_copies[copy].Directory);
        }

        foreach (SegmentRebuild rebuild in _plan.Rebuilds)
        {
            Rebuild(rebuild);
        }

        var rebuilt = _plan.Rebuilds.Select(r => (r.Copy, r.Segment)).ToHashSet();
        foreach (var group in _plan.FrameRepairs.GroupBy(r => (r.Copy, r.Segment)))
        {
            using StorageFile target = OpenForWrite(group.Key.Copy, group.Key.Segment);
            foreach (FrameRepair repair in group)
            {
                CopyFrame(repair, target);
            }

            target.SyncData();
        }

        foreach ((int copy, uint segment) in _plan.HeaderRepairs)
        {
            using StorageFile target = OpenForWrite(copy, segment);
            Span<byte> block = _buffer.Span[.._plan.Alignment];
            block.Clear();
            long size = _plan.Segments.First(s => s.Number == segment).Size;
            new SegmentHeader((ushort)copy, segment, _plan.Alignment, size, _plan.LogId).WriteTo(block);
            target.Write(0, block);
            target.SyncData();
        }

        foreach (var group in _plan.ZeroRanges.Where(r => !rebuilt.Contains((r.Copy, r.Segment))).GroupBy(r => (r.Copy, r.Segment)))
        {
            using StorageFile target = OpenForWrite(group.Key.Copy, group.Key.Segment);
            EnsureBuffer((int)Math.Min(1 << 20, group.Max(r => r.Length)));
            Span<byte> zeros = _buffer.Span;
            zeros.Clear();
            foreach ((_, _, long offset, long length) in group)
            {
                for (long done = 0; done < length;)
                {
                    int chunk = (int)Math.Min(zeros.Length, length - done);
                    target.Write(offset + done, zeros[..chunk]);
                    done += chunk;
                }
            }

            target.SyncData();
        }
    }

    public void Dispose()
    {
        foreach (StorageFile source in _sources.Values)
        {
            source.Dispose();
        }

        _creator.Dispose();
        _buffer.Dispose();
    }

    private void EnsureBuffer(int length)
    {
        if (_buffer.Length < length)
        {
            _buffer.Dispose();
            _buffer = new AlignedBuffer((int)BitOperationsFacts.AlignUp(length, _plan.Alignment), _plan.Alignment);
        }
    }

    private StorageFile OpenForWrite(int copy, uint segment) =>
        _fileSystem.Open(_copies[copy].PathOf(SegmentFileName.For(segment)), StorageOpenMode.OpenExisting, _writeOptions);

    private void Rebuild(SegmentRebuild rebuild)
    {
        LogCopyLocation copy = _copies[rebuild.Copy];
        StorageFile temporary = _creator.CreateTemporary(copy, rebuild.Segment, rebuild.Size);
        try
        {
            foreach (FrameRepair frame in rebuild.Frames)
            {
                CopyFrame(frame, temporary);
            }
        }
        catch
        {
            temporary.Dispose();
            _creator.TryDelete(copy.PathOf(SegmentFileName.TemporaryFor(rebuild.Segment)));
            throw;
        }

        // The rebuilt file replaces the damaged one (wrong length, bad header) if there is one.
        _creator.Publish(copy, rebuild.Segment, temporary, replaceDamaged: true);
    }

    private void CopyFrame(FrameRepair repair, StorageFile target)
    {
        EnsureBuffer(repair.Length);

        Span<byte> frame = _buffer.Span[..repair.Length];
        string sourcePath = _copies[repair.SourceCopy].PathOf(SegmentFileName.For(repair.Segment));
        if (!_sources.TryGetValue((repair.SourceCopy, repair.Segment), out StorageFile? source))
        {
            source = _fileSystem.Open(sourcePath, StorageOpenMode.OpenExisting, StorageFileOptions.ReadOnly | _writeOptions);
            _sources[(repair.SourceCopy, repair.Segment)] = source;
        }

        // A source cut short (its file ends inside the frame) reads as zeros past its end, exactly
        // as the scan read it; the CRC check below decides whether the frame is still all there.
        int read = source.Read(repair.Offset, frame);
        frame[read..].Clear();

        FrameHeader header = FrameHeader.Read(frame);
        if (!FrameHeader.HasMagic(frame)
            || header.UnpaddedLength > repair.Length
            || FrameHeader.ComputeCrc(frame, (int)header.PayloadLength) != header.Crc)
        {
            throw new StorageException("pread", sourcePath, repair.Offset, 0, "the frame to copy no longer checks out");
        }

        target.Write(repair.Offset, frame);
    }
}
