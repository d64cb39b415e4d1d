using System.Diagnostics;
using Durably.Storage.Segments;

namespace Durably.Storage.Writing;

/// <summary>
/// Where appenders meet the log thread, under one lock: sequencing, the queue of sequenced
/// records, the space budget that decides whether an append may be sequenced at all, the spare
/// segments, and the faulted/full/closing states.
/// </summary>
/// <remarks>
/// Space rule: every sequenced record that is not yet in a frame reserves the size of a frame
/// holding it alone (its "worst case"). Records are sequenced only while the sum of those fits
/// in what the active segment and the ready spares can still take, counting in each segment
/// one frame's worth (the maximum frame size) as possibly lost to a frame that does not fit at
/// its end. Batching never needs more than that, so every sequenced record has room, and a full
/// disk shows up as appends refused before sequencing rather than as a failure after it.
/// </remarks>
internal sealed class CommitQueue
{
    private readonly object _gate = new();
    private readonly int _alignment;
    private readonly long _maxFrameSize;
    private readonly long _retryIntervalMilliseconds;
    private readonly Queue<PendingAppend> _waiting = new();
    private readonly List<SegmentFiles> _spares = [];
    private readonly Action _reservationRequested;
    private Queue<PendingAppend> _incoming = new();
    private long _lastAssigned;
    private long _pendingWorstCase;
    private long _activeRemaining;
    private long _spareCapacity;
    private bool _writerWaiting;
    private bool _reservationPending;
    private bool _exhausted;
    private long _retryAtMilliseconds;
    private bool _closing;
    private long _idleSpinTicks;
    private volatile int _incomingCount;

    /// <param name="alignment">Frame alignment.</param>
    /// <param name="maxFrameSize">The largest frame.</param>
    /// <param name="retryInterval">How long a failed reservation refuses appends before the next attempt.</param>
    /// <param name="reservationRequested">Called (under the lock) when a spare segment should be created.</param>
    internal CommitQueue(int alignment, long maxFrameSize, TimeSpan retryInterval, Action reservationRequested)
    {
        _alignment = alignment;
        _maxFrameSize = maxFrameSize;
        _retryIntervalMilliseconds = (long)retryInterval.TotalMilliseconds;
        _reservationRequested = reservationRequested;
    }

    /// <summary>How long <see cref="TakeIncoming"/> watches for appends before it sleeps.</summary>
    internal TimeSpan IdleSpin
    {
        init => _idleSpinTicks = (long)(value.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>What faulted the log, or null.</summary>
    internal LogFault? Fault { get; private set; }

    /// <summary>Why the last reservation failed, or null while space is available.</summary>
    internal string? FullReason { get; private set; }

    /// <summary>True while appends that do not fit are refused.</summary>
    internal bool IsFull
    {
        get
        {
            lock (_gate)
            {
                return _exhausted;
            }
        }
    }

    /// <summary>Ready spare segments.</summary>
    internal int SpareCount
    {
        get
        {
            lock (_gate)
            {
                return _spares.Count;
            }
        }
    }

    /// <summary>True when a reservation was requested and has not finished.</summary>
    internal bool ReservationPending
    {
        get
        {
            lock (_gate)
            {
                return _reservationPending;
            }
        }
    }

    /// <summary>Sets the state recovery left: the last sequence, room in the active segment, spares.</summary>
    internal void Initialize(long lastSequence, long activeRemaining, IEnumerable<SegmentFiles> spares)
    {
        lock (_gate)
        {
            _lastAssigned = lastSequence;
            _activeRemaining = activeRemaining;
            foreach (SegmentFiles spare in spares)
            {
                AddSpare(spare);
            }

            if (_spares.Count == 0)
            {
                RequestReservation();
            }
        }
    }

    /// <summary>The appender's path: sequence the append, park it until space is reserved, or refuse it.</summary>
    internal AdmissionResult Submit(PendingAppend append)
    {
        lock (_gate)
        {
            if (Fault is not null)
            {
                return AdmissionResult.Faulted;
            }

            if (_closing)
            {
                return AdmissionResult.Closed;
            }

            if (_waiting.Count == 0 && Fits(append))
            {
                Sequence(append);
                if (_writerWaiting)
                {
                    Monitor.Pulse(_gate);
                }

                return AdmissionResult.Accepted;
            }

            if (_exhausted && !_reservationPending && Environment.TickCount64 < _retryAtMilliseconds)
            {
                return AdmissionResult.Full;
            }

            _waiting.Enqueue(append);
            RequestReservation();
            return AdmissionResult.Waiting;
        }
    }

    /// <summary>
    /// The log thread's path: moves the sequenced appends into <paramref name="carry"/> (which
    /// must be empty), waiting for some if <paramref name="block"/>. False when there is nothing
    /// to do and nothing will come (closing or faulted).
    /// </summary>
    internal bool TakeIncoming(ref Queue<PendingAppend> carry, bool block)
    {
        if (block && _idleSpinTicks > 0 && _incomingCount == 0)
        {
            WatchForIncoming();
        }

        lock (_gate)
        {
            while (_incoming.Count == 0)
            {
                if (Fault is not null || (_closing && _waiting.Count == 0) || !block)
                {
                    return false;
                }

                _writerWaiting = true;
                Monitor.Wait(_gate);
                _writerWaiting = false;
            }

            Debug.Assert(carry.Count == 0, "the writer hands back an empty queue");
            (carry, _incoming) = (_incoming, carry);
            _incomingCount = 0;
            return true;
        }
    }

    /// <summary>
    /// The log thread framed records: their reservations are released and the active
    /// segment's remaining room updated; waiting appends that now fit are sequenced.
    /// </summary>
    internal void OnFramed(long framedWorstCase, long activeRemaining)
    {
        lock (_gate)
        {
            _pendingWorstCase -= framedWorstCase;
            _activeRemaining = activeRemaining;
            AdmitWaiting();
        }
    }

    /// <summary>Takes the lowest ready spare, or null. Asks for another when none is left.</summary>
    internal SegmentFiles? TakeSpare()
    {
        lock (_gate)
        {
            if (_spares.Count == 0)
            {
                RequestReservation();
                return null;
            }

            SegmentFiles spare = _spares[0];
            _spares.RemoveAt(0);
            _spareCapacity -= SpareCapacity(spare);
            _activeRemaining = spare.Size - _alignment;
            if (_spares.Count == 0)
            {
                RequestReservation();
            }

            return spare;
        }
    }

    /// <summary>Blocks until a spare is ready, the reservation failed, or the log faulted or closes.</summary>
    internal void WaitForSpareOrFailure()
    {
        lock (_gate)
        {
            RequestReservation();
            while (_spares.Count == 0 && _reservationPending && Fault is null)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    /// <summary>The preallocator made a spare: appends waiting for space may proceed.</summary>
    internal void OnSpareCreated(SegmentFiles spare)
    {
        lock (_gate)
        {
            _reservationPending = false;
            _exhausted = false;
            FullReason = null;
            AddSpare(spare);
            AdmitWaiting();
            if (_waiting.Count > 0)
            {
                RequestReservation();
            }

            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// No spare could be made for lack of space: refuse what waits, and refuse appends that do
    /// not fit until the retry interval has passed. Returns the refused appends (fail them outside the lock).
    /// </summary>
    internal List<PendingAppend> OnReservationFailed(string reason)
    {
        lock (_gate)
        {
            _reservationPending = false;
            _exhausted = true;
            FullReason = reason;
            _retryAtMilliseconds = Environment.TickCount64 + _retryIntervalMilliseconds;
            var refused = new List<PendingAppend>(_waiting);
            _waiting.Clear();
            Monitor.PulseAll(_gate);
            return refused;
        }
    }

    /// <summary>
    /// Faults the log: later appends are refused. Returns the appends that were sequenced and
    /// queued, and those still waiting unsequenced for space (fail them outside the lock).
    /// Only the first fault is kept; <c>First</c> says whether this was it.
    /// </summary>
    internal (List<PendingAppend> Sequenced, List<PendingAppend> Unsequenced, bool First) SetFault(LogFault fault)
    {
        lock (_gate)
        {
            bool first = Fault is null;
            Fault ??= fault;
            var sequenced = new List<PendingAppend>(_incoming);
            var unsequenced = new List<PendingAppend>(_waiting);
            _incoming.Clear();
            _incomingCount = 0;
            _waiting.Clear();
            _reservationPending = false;
            Monitor.PulseAll(_gate);
            return (sequenced, unsequenced, first);
        }
    }

    /// <summary>
    /// Stops accepting appends. Appends already made still finish: sequenced ones stay queued
    /// for the log thread, and ones waiting for space are admitted once a segment is reserved
    /// (a reservation is started for them now) or refused as full.
    /// </summary>
    internal void Close()
    {
        lock (_gate)
        {
            _closing = true;
            if (_waiting.Count > 0)
            {
                RequestReservation();
            }

            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Takes the spares out (at dispose) so they can be closed.</summary>
    internal List<SegmentFiles> DrainSpares()
    {
        lock (_gate)
        {
            var spares = new List<SegmentFiles>(_spares);
            _spares.Clear();
            _spareCapacity = 0;
            return spares;
        }
    }

    /// <summary>The number of the highest ready spare, or 0.</summary>
    internal uint HighestSpareNumber()
    {
        lock (_gate)
        {
            return _spares.Count == 0 ? 0 : _spares[^1].Number;
        }
    }

    /// <summary>Spins (without the lock) until an append is queued or the idle spin has passed.</summary>
    private void WatchForIncoming()
    {
        long until = Stopwatch.GetTimestamp() + _idleSpinTicks;
        while (_incomingCount == 0 && Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(10);
        }
    }

    private bool Fits(PendingAppend append) => _pendingWorstCase + append.WorstCaseBytes <= Usable();

    private long Usable() => Math.Max(0, _activeRemaining - _maxFrameSize) + _spareCapacity;

    private long SpareCapacity(SegmentFiles spare) => Math.Max(0, spare.Size - _alignment - _maxFrameSize);

    private void AddSpare(SegmentFiles spare)
    {
        _spares.Add(spare);
        _spareCapacity += SpareCapacity(spare);
    }

    private void Sequence(PendingAppend append)
    {
        Debug.Assert(Monitor.IsEntered(_gate), "sequence numbers are assigned under the queue's lock");
        Debug.Assert(append.Sequence == 0, "an append is sequenced once");
        append.Sequence = ++_lastAssigned;
        _pendingWorstCase += append.WorstCaseBytes;
        _incoming.Enqueue(append);
        _incomingCount = _incoming.Count;
    }

    private void AdmitWaiting()
    {
        bool admitted = false;
        while (_waiting.Count > 0 && Fault is null && Fits(_waiting.Peek()))
        {
            Sequence(_waiting.Dequeue());
            admitted = true;
        }

        if (admitted && _writerWaiting)
        {
            Monitor.PulseAll(_gate);
        }
    }

    private void RequestReservation()
    {
        if (!_reservationPending && Fault is null && (!_closing || _waiting.Count > 0))
        {
            _reservationPending = true;
            _reservationRequested();
        }
    }
}
