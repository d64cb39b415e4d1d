using System.Globalization;
using Durably.IO;
using Durably.Storage.Format;
using Durably.Storage.Writing;

namespace Durably.Storage.Segments;

/// <summary>
/// Creates the next segment in every copy ahead of need, off the commit path: on a thread-pool
/// task normally, or when the caller pumps the log under manual scheduling. A failure for lack
/// of space makes the log refuse appends that do not fit (the commit queue decides); any other
/// failure faults the log.
/// </summary>
internal sealed class SegmentPreallocator : IDisposable
{
    private readonly StorageFileSystem _fileSystem;
    private readonly IReadOnlyList<LogCopyLocation> _copies;
    private readonly SegmentCreator _creator;
    private readonly long _segmentSize;
    private readonly StorageFileOptions _activeOptions;
    private readonly bool _manual;
    private readonly object _runLock = new();
    private CommitQueue? _queue;
    private Action<LogFault>? _onFault;
    private Action<List<PendingAppend>, string>? _onRefused;
    private uint _nextNumber;
    private Task _running = Task.CompletedTask;
    private volatile bool _requested;
    private volatile bool _stopping;

    internal SegmentPreallocator(
        StorageFileSystem fileSystem,
        IReadOnlyList<LogCopyLocation> copies,
        SegmentCreator creator,
        long segmentSize,
        StorageFileOptions activeOptions,
        bool manual)
    {
        _fileSystem = fileSystem;
        _copies = copies;
        _creator = creator;
        _segmentSize = segmentSize;
        _activeOptions = activeOptions;
        _manual = manual;
    }

    /// <summary>Connects the preallocator to the log; <paramref name="nextNumber"/> is the first segment number to create.</summary>
    internal void Attach(CommitQueue queue, uint nextNumber, Action<LogFault> onFault, Action<List<PendingAppend>, string> onRefused)
    {
        _queue = queue;
        _nextNumber = nextNumber;
        _onFault = onFault;
        _onRefused = onRefused;
    }

    /// <summary>True when a segment was requested and not yet attempted (manual scheduling).</summary>
    internal bool HasRequest => _requested;

    /// <summary>Called by the commit queue, under its lock, when a spare is wanted.</summary>
    internal void OnRequested()
    {
        _requested = true;
        if (!_manual && !_stopping)
        {
            _running = Task.Run(RunRequested);
        }
    }

    /// <summary>Makes the requested segment now, on this thread (manual scheduling, or the log thread waiting for one).</summary>
    internal void RunRequested()
    {
        lock (_runLock)
        {
            if (!_requested || _stopping)
            {
                return;
            }

            _requested = false;
            CreateNext();
        }
    }

    /// <summary>Waits for a background creation to finish; no new one starts.</summary>
    internal void Stop()
    {
        _stopping = true;
        try
        {
            _running.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is StorageException or IOException)
        {
            // Creation failures were already reported to the log.
        }

        // A creation started by an earlier request may still be finishing: wait for it too.
        lock (_runLock)
        {
        }
    }

    public void Dispose() => _creator.Dispose();

    private void CreateNext()
    {
        CommitQueue queue = _queue ?? throw new InvalidOperationException("The preallocator is not attached.");
        uint number = _nextNumber;
        var files = new StorageFile[_copies.Count];
        int created = 0;
        try
        {
            for (; created < _copies.Count; created++)
            {
                _creator.Create(_copies[created], number, _segmentSize);
            }

            for (int c = 0; c < _copies.Count; c++)
            {
                files[c] = _fileSystem.Open(_copies[c].PathOf(SegmentFileName.For(number)), StorageOpenMode.OpenExisting, _activeOptions);
            }
        }
        catch (StorageException e)
        {
            foreach (StorageFile? file in files)
            {
                file?.Dispose();
            }

            RemovePartial(number, created);
            if (e.IsNoSpace)
            {
                string reason = string.Create(
                    CultureInfo.InvariantCulture,
                    $"segment {number} ({_segmentSize} bytes) could not be reserved in the {_copies[Math.Min(created, _copies.Count - 1)].Name} copy: {e.Message}");
                _onRefused!(queue.OnReservationFailed(reason), reason);
            }
            else
            {
                _onFault!(LogFault.From("Creating segment " + number.ToString(CultureInfo.InvariantCulture) + " failed", null, e));
            }

            return;
        }
        catch (Exception e)
        {
            // Any other failure must fault the log too: left uncaught on a pool task it would
            // leave the reservation pending, and appends and DisposeAsync waiting forever.
            foreach (StorageFile? file in files)
            {
                file?.Dispose();
            }

            RemovePartial(number, created);
            _onFault!(new LogFault(
                string.Create(CultureInfo.InvariantCulture, $"Creating segment {number} failed unexpectedly: {e.GetType().Name}: {e.Message}"),
                null,
                null,
                -1,
                0));
            return;
        }

        _nextNumber = number + 1;
        queue.OnSpareCreated(new SegmentFiles(number, _segmentSize, files));
    }

    private void RemovePartial(uint number, int createdCopies)
    {
        // Copies that got the segment before another copy failed give the space back; the next
        // attempt creates it everywhere again. Recovery would delete such a one-sided spare anyway.
        for (int c = 0; c < createdCopies; c++)
        {
            try
            {
                _fileSystem.Delete(_copies[c].PathOf(SegmentFileName.For(number)));
                _fileSystem.SyncDirectory(_copies[c].Directory);
            }
            catch (StorageException)
            {
                // Left for recovery to delete: it is a spare nobody uses.
            }
        }
    }
}
