using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Durably.IO.Linux;

/// <summary>
/// One io_uring instance driven by raw system calls: the rings mapped into this process, entries prepared
/// in place, completions reaped by the thread that owns the ring.
/// </summary>
/// <remarks>
/// <para>
/// The ring belongs to one thread (IORING_SETUP_SINGLE_ISSUER when the kernel has it, and a check on every
/// call either way): the thread that creates it, or, for a ring created with
/// <see cref="IoUringRingOptions.StartDisabled"/>, the thread that calls <see cref="Enable"/> (before that,
/// buffers and files may be registered from any one thread at a time). The owner prepares, submits, waits,
/// reaps and registers. Only <see cref="Dispose"/> may run elsewhere (it then skips the explicit
/// unregistering; closing the ring releases everything anyway).
/// </para>
/// <para>
/// Memory ordering follows the kernel's contract: SQEs are written with plain stores and published by a
/// release store of the SQ tail; the CQ tail is read with acquire before completions are read, and the CQ
/// head is written with release after they have been copied out.
/// </para>
/// <para>
/// No completion is ever dropped silently: completions the kernel parks in its overflow list
/// (IORING_SQ_CQ_OVERFLOW) are flushed by entering with GETEVENTS, completions pulled out early to
/// make room (EBUSY/EAGAIN) wait in a backlog and are reaped first, and a completion the kernel did drop
/// (the CQ overflow counter, or -EBADR) faults the ring with an exception.
/// </para>
/// </remarks>
internal sealed unsafe partial class IoUringRing : IDisposable
{
    private const uint MaxEntries = 32768;

    private readonly IoUringRingHandle _handle;
    private readonly IoUringMapping _submissionRing;
    private readonly IoUringMapping? _separateCompletionRing;
    private readonly IoUringMapping _submissionEntries;
    private int _ownerThreadId; // 0 while the ring is disabled and not yet owned

    private readonly uint* _submissionHead;
    private readonly uint* _submissionTail;
    private readonly uint* _submissionFlags;
    private readonly uint _submissionMask;
    private readonly IoUringSubmissionEntry* _entries;

    private readonly uint* _completionHead;
    private readonly uint* _completionTail;
    private readonly uint* _completionDropped;
    private readonly uint _completionMask;
    private readonly IoUringCompletionEntry* _completions;

    private readonly Queue<IoUringCompletionEntry> _backlog = new();

    private uint _preparedTail;
    private uint _publishedTail;
    private uint _unsubmitted;
    private uint _completionHeadLocal;
    private uint _droppedAccounted;
    private int _inFlight;
    private bool _buffersRegistered;
    private int _registeredFileCount;
    private string? _faultReason;
    private bool _disposed;

    // IoUringRingOptions.SubmitCap: caps the entries one io_uring_enter is asked to submit (tests).
    private uint? _submitCap;

    private IoUringRing(
        IoUringRingHandle handle,
        in IoUringParams parameters,
        IoUringSetupOptions acceptedFlags,
        IoUringMapping submissionRing,
        IoUringMapping? separateCompletionRing,
        IoUringMapping submissionEntries,
        bool startedDisabled)
    {
        _handle = handle;
        _submissionRing = submissionRing;
        _separateCompletionRing = separateCompletionRing;
        _submissionEntries = submissionEntries;
        _ownerThreadId = startedDisabled ? 0 : Environment.CurrentManagedThreadId;
        AcceptedSetupFlags = acceptedFlags;
        Features = parameters.Features;
        SubmissionQueueSize = parameters.SubmissionQueueEntries;
        CompletionQueueSize = parameters.CompletionQueueEntries;

        byte* sq = (byte*)submissionRing.Address;
        ref readonly IoUringSubmissionQueueOffsets sqOff = ref parameters.SubmissionQueueOffsets;
        _submissionHead = (uint*)(sq + sqOff.Head);
        _submissionTail = (uint*)(sq + sqOff.Tail);
        _submissionFlags = (uint*)(sq + sqOff.Flags);
        _submissionMask = *(uint*)(sq + sqOff.RingMask);
        _entries = (IoUringSubmissionEntry*)submissionEntries.Address;

        // The indirection array is identity-mapped once: ring position i always uses SQE slot i.
        uint* array = (uint*)(sq + sqOff.Array);
        for (uint i = 0; i < SubmissionQueueSize; i++)
        {
            array[i] = i;
        }

        byte* cq = (byte*)(separateCompletionRing ?? submissionRing).Address;
        ref readonly IoUringCompletionQueueOffsets cqOff = ref parameters.CompletionQueueOffsets;
        _completionHead = (uint*)(cq + cqOff.Head);
        _completionTail = (uint*)(cq + cqOff.Tail);
        _completionDropped = (uint*)(cq + cqOff.Overflow);
        _completionMask = *(uint*)(cq + cqOff.RingMask);
        _completions = (IoUringCompletionEntry*)(cq + cqOff.Cqes);

        _preparedTail = _publishedTail = Volatile.Read(ref *_submissionTail);
        _completionHeadLocal = Volatile.Read(ref *_completionHead);
        _droppedAccounted = Volatile.Read(ref *_completionDropped);
    }

    /// <summary>
    /// The setup flags the kernel accepted: the first rung of the ladder that did not fail with EINVAL, plus
    /// IORING_SETUP_CQSIZE when a completion queue size was requested.
    /// </summary>
    public IoUringSetupOptions AcceptedSetupFlags { get; }

    /// <summary>The features the kernel reported.</summary>
    public IoUringFeatures Features { get; }

    /// <summary>Whether the SQ and CQ rings share one mapping (IORING_FEAT_SINGLE_MMAP used).</summary>
    public bool SharesRingMapping => _separateCompletionRing is null;

    /// <summary>SQ entries (a power of two).</summary>
    public uint SubmissionQueueSize { get; }

    /// <summary>CQ entries (a power of two).</summary>
    public uint CompletionQueueSize { get; }

    /// <summary>Operations submitted to the kernel whose completions have not been reaped.</summary>
    public int InFlight => _inFlight;

    /// <summary>SQ slots free for <see cref="AcquireSubmissionEntry"/>.</summary>
    public int FreeSubmissionEntries => (int)(SubmissionQueueSize - (_preparedTail - Volatile.Read(ref *_submissionHead)));

    /// <summary>Whether the kernel has completions parked in its overflow list (IORING_SQ_CQ_OVERFLOW).</summary>
    public bool IsCompletionOverflowPending =>
        ((IoUringSubmissionQueueStatus)Volatile.Read(ref *_submissionFlags) & IoUringSubmissionQueueStatus.CompletionQueueOverflow) != 0;

    /// <summary>io_uring_enter calls that submitted at least one entry (diagnostics; chains in one batch cost one).</summary>
    public long SubmittingEnterCount { get; private set; }

    /// <summary>Times an overflowed completion list was flushed into the CQ ring (diagnostics).</summary>
    public long OverflowFlushCount { get; private set; }

    /// <summary>Completions moved into the managed backlog to make room for the kernel (diagnostics).</summary>
    public long BackloggedCompletionCount { get; private set; }

    /// <summary>Why the ring refuses further use, or null while it is healthy.</summary>
    public string? FaultReason => _faultReason;

    /// <summary>Creates a ring on the calling thread, which becomes its owner.</summary>
    /// <exception cref="IoUringUnavailableException">io_uring cannot be used here; the message says why.</exception>
    public static IoUringRing Create(IoUringRingOptions? options = null)
    {
        options ??= new IoUringRingOptions();
        if (!IoUringSystemCalls.IsSupportedPlatform)
        {
            throw IoUringUnavailableException.UnsupportedPlatform();
        }

        ValidateOptions(options);
        var attempted = new List<IoUringSetupOptions>(options.SetupLadder.Count);
        foreach (IoUringSetupOptions flags in options.SetupLadder)
        {
            var parameters = default(IoUringParams);
            parameters.Flags = flags | (options.StartDisabled ? IoUringSetupOptions.RingDisabled : IoUringSetupOptions.None);
            if (options.CompletionQueueEntries != 0)
            {
                parameters.Flags |= IoUringSetupOptions.CompletionQueueSize;
                parameters.CompletionQueueEntries = options.CompletionQueueEntries;
            }

            attempted.Add(flags);
            int result = IoUringSystemCalls.Setup(options.SubmissionQueueEntries, &parameters);
            if (result >= 0)
            {
                IoUringRing ring = MapAndWrap(new IoUringRingHandle(result), parameters, options.MapRingsSeparately);
                ring._submitCap = options.SubmitCap;
                return ring;
            }

            if (result != -Errno.EINVAL)
            {
                throw IoUringUnavailableException.FromSetupFailure(-result, attempted);
            }
        }

        throw IoUringUnavailableException.FromSetupFailure(Errno.EINVAL, attempted);
    }

    /// <summary>Creates a ring, or reports why io_uring is unavailable without throwing.</summary>
    public static bool TryCreate(
        IoUringRingOptions? options,
        [NotNullWhen(true)] out IoUringRing? ring,
        [NotNullWhen(false)] out IoUringUnavailableException? unavailable)
    {
        try
        {
            ring = Create(options);
            unavailable = null;
            return true;
        }
        catch (IoUringUnavailableException e)
        {
            ring = null;
            unavailable = e;
            return false;
        }
    }

    /// <summary>Whether the ring accepts submissions (always, unless it was created disabled and not yet enabled).</summary>
    public bool IsEnabled => _ownerThreadId != 0;

    /// <summary>Whether the calling thread is the ring's owner (the only one that may submit, wait and reap).</summary>
    public bool IsOwnerThread => _ownerThreadId == Environment.CurrentManagedThreadId;

    /// <summary>
    /// Starts a ring created with <see cref="IoUringRingOptions.StartDisabled"/>
    /// (IORING_REGISTER_ENABLE_RINGS): the calling thread becomes its owner and, with IORING_SETUP_SINGLE_ISSUER,
    /// the only thread the kernel lets submit or register from now on.
    /// </summary>
    public void Enable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ownerThreadId != 0)
        {
            throw new InvalidOperationException("The ring is already enabled.");
        }

        RegisterOrThrow(IoUringRegisterOpcode.EnableRings, null, 0, "IORING_REGISTER_ENABLE_RINGS");
        _ownerThreadId = Environment.CurrentManagedThreadId;
    }

    /// <summary>Asks the kernel which opcodes it supports (IORING_REGISTER_PROBE, Linux 5.6).</summary>
    public IoUringOpcodeSupport ProbeOpcodes()
    {
        EnsureCanRegister();
        const int OperationSlots = 256;
        byte* buffer = stackalloc byte[IoUringProbeHeader.Size + (OperationSlots * IoUringProbeOperation.Size)];
        new Span<byte>(buffer, IoUringProbeHeader.Size + (OperationSlots * IoUringProbeOperation.Size)).Clear();
        RegisterOrThrow(IoUringRegisterOpcode.RegisterProbe, buffer, OperationSlots, "IORING_REGISTER_PROBE");

        var header = (IoUringProbeHeader*)buffer;
        var operations = (IoUringProbeOperation*)(buffer + IoUringProbeHeader.Size);
        var supported = new bool[OperationSlots];
        for (int i = 0; i < header->OperationCount; i++)
        {
            IoUringProbeOperation operation = operations[i];
            supported[operation.Opcode] = (operation.Flags & IoUringProbeOperation.Supported) != 0;
        }

        return new IoUringOpcodeSupport(header->LastOpcode, supported);
    }

    /// <summary>Pins <paramref name="buffers"/> for READ_FIXED/WRITE_FIXED (buffer index i = buffer i of the set).</summary>
    public void RegisterBuffers(IoUringRegisteredBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        var vectors = new IoUringIoVector[buffers.Count];
        buffers.DescribeTo(vectors);
        RegisterBuffers(vectors);
    }

    /// <summary>
    /// Pins arbitrary memory ranges (anonymous memory such as aligned native allocations, not file mappings)
    /// for READ_FIXED/WRITE_FIXED; buffer index i is <paramref name="buffers"/>[i]. The memory must stay
    /// allocated until the buffers are unregistered or the ring is disposed.
    /// </summary>
    public void RegisterBuffers(ReadOnlySpan<IoUringIoVector> buffers)
    {
        EnsureCanRegister();
        if (buffers.IsEmpty || buffers.Length > IoUringRegisteredBuffers.MaxCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(buffers), $"1..{IoUringRegisteredBuffers.MaxCount} buffers can be registered, not {buffers.Length}.");
        }

        if (_buffersRegistered)
        {
            throw new InvalidOperationException("Buffers are already registered with this ring; unregister them first.");
        }

        fixed (IoUringIoVector* first = buffers)
        {
            RegisterOrThrow(
                IoUringRegisterOpcode.RegisterBuffers,
                first,
                (uint)buffers.Length,
                string.Create(CultureInfo.InvariantCulture, $"IORING_REGISTER_BUFFERS of {buffers.Length} buffers"));
        }

        _buffersRegistered = true;
    }

    /// <summary>Releases the registered buffers' pins.</summary>
    public void UnregisterBuffers()
    {
        EnsureCanRegister();
        if (_buffersRegistered)
        {
            RegisterOrThrow(IoUringRegisterOpcode.UnregisterBuffers, null, 0, "IORING_UNREGISTER_BUFFERS");
            _buffersRegistered = false;
        }
    }

    /// <summary>Registers a file table; slot i holds <paramref name="descriptors"/>[i] (-1 leaves the slot empty).</summary>
    public void RegisterFiles(ReadOnlySpan<int> descriptors)
    {
        EnsureCanRegister();
        if (descriptors.IsEmpty)
        {
            throw new ArgumentException("At least one slot is needed.", nameof(descriptors));
        }

        if (_registeredFileCount != 0)
        {
            throw new InvalidOperationException("Files are already registered with this ring; update slots or unregister first.");
        }

        fixed (int* first = descriptors)
        {
            RegisterOrThrow(
                IoUringRegisterOpcode.RegisterFiles,
                first,
                (uint)descriptors.Length,
                string.Create(CultureInfo.InvariantCulture, $"IORING_REGISTER_FILES of {descriptors.Length} slots"));
        }

        _registeredFileCount = descriptors.Length;
    }

    /// <summary>
    /// Replaces registered slots starting at <paramref name="firstSlot"/> (IORING_REGISTER_FILES_UPDATE), for
    /// example to swap in the next log segment; -1 empties a slot. Operations already submitted keep the file
    /// they were submitted against.
    /// </summary>
    public void UpdateRegisteredFiles(int firstSlot, ReadOnlySpan<int> descriptors)
    {
        EnsureCanRegister();
        ArgumentOutOfRangeException.ThrowIfNegative(firstSlot);
        if (descriptors.IsEmpty || firstSlot + descriptors.Length > _registeredFileCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(descriptors), $"Slots {firstSlot}..{firstSlot + descriptors.Length - 1} are outside the {_registeredFileCount} registered.");
        }

        fixed (int* first = descriptors)
        {
            var update = new IoUringResourceUpdate { Offset = (uint)firstSlot, Data = (ulong)first };
            int updated = RegisterOrThrow(
                IoUringRegisterOpcode.RegisterFilesUpdate,
                &update,
                (uint)descriptors.Length,
                string.Create(CultureInfo.InvariantCulture, $"IORING_REGISTER_FILES_UPDATE of slots {firstSlot}..{firstSlot + descriptors.Length - 1}"));
            if (updated != descriptors.Length)
            {
                throw new IoUringException(
                    string.Create(CultureInfo.InvariantCulture, $"IORING_REGISTER_FILES_UPDATE replaced {updated} of {descriptors.Length} slots"),
                    0);
            }
        }
    }

    /// <summary>Drops the registered file table.</summary>
    public void UnregisterFiles()
    {
        EnsureCanRegister();
        if (_registeredFileCount != 0)
        {
            RegisterOrThrow(IoUringRegisterOpcode.UnregisterFiles, null, 0, "IORING_UNREGISTER_FILES");
            _registeredFileCount = 0;
        }
    }

    /// <summary>
    /// The next free SQE, zeroed, for the caller to prepare. It reaches the kernel at the next
    /// <see cref="PublishSubmissions"/> and is submitted by the next <see cref="Submit"/>/<see cref="SubmitAndWait"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The SQ is full: submit first.</exception>
    public ref IoUringSubmissionEntry AcquireSubmissionEntry()
    {
        EnsureUsable();
        EnsureNoChainBatch();
        return ref NextSubmissionEntry();
    }

    private ref IoUringSubmissionEntry NextSubmissionEntry()
    {
        if (_preparedTail - Volatile.Read(ref *_submissionHead) >= SubmissionQueueSize)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"The submission queue is full ({SubmissionQueueSize} entries); submit before preparing more."));
        }

        ref IoUringSubmissionEntry entry = ref _entries[_preparedTail & _submissionMask];
        _preparedTail++;
        entry = default;
        return ref entry;
    }

    /// <summary>Makes every prepared SQE visible to the kernel with one release store of the SQ tail.</summary>
    public void PublishSubmissions()
    {
        EnsureUsable();
        if (_preparedTail != _publishedTail)
        {
            _unsubmitted += _preparedTail - _publishedTail;
            _publishedTail = _preparedTail;
            Volatile.Write(ref *_submissionTail, _publishedTail);
        }
    }

    /// <summary>Publishes and submits every prepared SQE without waiting for completions.</summary>
    public void Submit() => SubmitAndWait(0);

    /// <summary>
    /// Publishes and submits every prepared SQE, then waits until at least <paramref name="minComplete"/>
    /// completions are waiting in the CQ ring (one io_uring_enter when nothing goes wrong).
    /// </summary>
    public void SubmitAndWait(uint minComplete)
    {
        PublishSubmissions();
        if ((long)minComplete > _inFlight + _unsubmitted)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"Waiting for {minComplete} completions with only {_inFlight + _unsubmitted} operations outstanding would never return."));
        }

        while (_unsubmitted > 0)
        {
            uint toSubmit = _submitCap is uint cap ? Math.Min(_unsubmitted, cap) : _unsubmitted;

            // The kernel waits until the CQ ring holds `wait` completions; completions already moved to the
            // backlog can never reach the ring again, so they are subtracted or the wait could never end.
            long wantInRing = (long)minComplete - _backlog.Count;
            // A capped (test) enter submits only part of what is published: it must not wait, or it
            // could wait for completions of entries it did not submit.
            uint wait = wantInRing > 0 && toSubmit == _unsubmitted ? (uint)Math.Min(wantInRing, CompletionQueueSize) : 0;
            IoUringEnterOptions options = wait > 0 ? IoUringEnterOptions.GetEvents : IoUringEnterOptions.None;
            int result = IoUringSystemCalls.Enter(_handle.Descriptor, toSubmit, wait, options);
            if (result > 0)
            {
                SubmittingEnterCount++;
                _unsubmitted -= (uint)result;
                _inFlight += result;
                if (_unsubmitted > 0 && (_batchCount != 0 || _submittingGroup))
                {
                    // The kernel ends a link chain at the end of each submission: the entries it
                    // took run as their own chain and the rest start a new, independent one, so a
                    // copy's fdatasync could run before its write. CompleteChains reaps the whole
                    // batch and then fails it (fail-stop); what ran cannot be trusted as ordered.
                    _splitChainBatch ??= string.Create(
                        CultureInfo.InvariantCulture,
                        $"io_uring_enter accepted {result} of {_unsubmitted + (uint)result} published submission entries of a linked chain batch, splitting its chains");
                }

                // A partial submission returns before waiting; the loop submits the rest.
                continue;
            }

            if (result == 0)
            {
                throw Fault(string.Create(
                    CultureInfo.InvariantCulture, $"io_uring_enter accepted none of {toSubmit} published submission entries"), 0);
            }

            HandleEnterError(-result, "io_uring_enter (submit)");
        }

        if (minComplete > 0)
        {
            // Normally satisfied already by the wait inside the submitting enter (no further system call).
            WaitForCompletions(minComplete);
        }
    }

    /// <summary>Takes the oldest completion, entering the kernel only when completions may be waiting there.</summary>
    public bool TryReapCompletion(out IoUringCompletionEntry completion)
    {
        EnsureUsable();
        EnsureNoChainBatch();
        return TryReapNext(out completion);
    }

    private bool TryReapNext(out IoUringCompletionEntry completion)
    {
        if (TryTakeCompletion(out completion))
        {
            return true;
        }

        // The CQ ring is empty, but completions may still be parked in the kernel's overflow list, or (with
        // DEFER_TASKRUN) waiting as task work that only an enter with GETEVENTS turns into CQEs.
        bool overflowed = IsCompletionOverflowPending;
        if (_inFlight > 0 && (overflowed || (AcceptedSetupFlags & IoUringSetupOptions.DeferTaskRun) != 0))
        {
            if (overflowed)
            {
                OverflowFlushCount++;
            }

            EnterForEvents(0);
            return TryTakeCompletion(out completion);
        }

        return false;
    }

    /// <summary>Blocks until at least <paramref name="count"/> completions can be reaped without waiting.</summary>
    public void WaitForCompletions(uint count)
    {
        EnsureUsable();
        if (count > _inFlight)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"Waiting for {count} completions with only {_inFlight} in flight would never return."));
        }

        while (true)
        {
            uint inRing = Volatile.Read(ref *_completionTail) - _completionHeadLocal;
            long available = _backlog.Count + inRing;
            if (available >= count)
            {
                return;
            }

            uint needed = (uint)(count - available);
            uint room = CompletionQueueSize - inRing;
            if (room == 0 || IsCompletionOverflowPending)
            {
                // The ring is full or the kernel is holding completions back: move what the ring has aside so
                // the kernel can flush into it.
                MoveRingToBacklog();
                continue;
            }

            // Never ask for more than the ring can hold; the loop collects the rest.
            EnterForEvents(inRing + Math.Min(needed, room));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if ((_ownerThreadId == 0 || IsOwnerThread) && !_handle.IsClosed)
        {
            // Explicit, best effort: closing the ring releases the pins and the table regardless, and a
            // failure here must not keep the mappings and the descriptor alive.
            if (_buffersRegistered)
            {
                _ = IoUringSystemCalls.Register(_handle.Descriptor, IoUringRegisterOpcode.UnregisterBuffers, null, 0);
            }

            if (_registeredFileCount != 0)
            {
                _ = IoUringSystemCalls.Register(_handle.Descriptor, IoUringRegisterOpcode.UnregisterFiles, null, 0);
            }
        }

        _submissionEntries.Dispose();
        _separateCompletionRing?.Dispose();
        _submissionRing.Dispose();
        _handle.Dispose();
    }

    private static void ValidateOptions(IoUringRingOptions options)
    {
        if (options.SubmissionQueueEntries is 0 or > MaxEntries)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), $"SubmissionQueueEntries must be 1..{MaxEntries}, not {options.SubmissionQueueEntries}.");
        }

        if (options.CompletionQueueEntries != 0
            && (options.CompletionQueueEntries < options.SubmissionQueueEntries || options.CompletionQueueEntries > 2 * MaxEntries))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), $"CompletionQueueEntries must be 0 or {options.SubmissionQueueEntries}..{2 * MaxEntries}, not {options.CompletionQueueEntries}.");
        }

        if (options.SetupLadder is null || options.SetupLadder.Count == 0)
        {
            throw new ArgumentException("The setup ladder needs at least one flag set.", nameof(options));
        }
    }

    private static IoUringRing MapAndWrap(IoUringRingHandle handle, in IoUringParams parameters, bool mapSeparately)
    {
        IoUringMapping? submissionRing = null;
        IoUringMapping? completionRing = null;
        IoUringMapping? entries = null;
        try
        {
            nuint submissionRingSize = parameters.SubmissionQueueOffsets.Array + (parameters.SubmissionQueueEntries * (nuint)sizeof(uint));
            nuint completionRingSize = parameters.CompletionQueueOffsets.Cqes + (parameters.CompletionQueueEntries * (nuint)IoUringCompletionEntry.Size);
            if ((parameters.Features & IoUringFeatures.SingleMmap) != 0 && !mapSeparately)
            {
                submissionRing = IoUringMapping.MapRing(
                    handle, Math.Max(submissionRingSize, completionRingSize), IoUringSystemCalls.SubmissionRingMapOffset);
            }
            else
            {
                submissionRing = IoUringMapping.MapRing(handle, submissionRingSize, IoUringSystemCalls.SubmissionRingMapOffset);
                completionRing = IoUringMapping.MapRing(handle, completionRingSize, IoUringSystemCalls.CompletionRingMapOffset);
            }

            entries = IoUringMapping.MapRing(
                handle, parameters.SubmissionQueueEntries * (nuint)IoUringSubmissionEntry.Size, IoUringSystemCalls.SubmissionEntriesMapOffset);
            return new IoUringRing(
                handle,
                parameters,
                parameters.Flags,
                submissionRing,
                completionRing,
                entries,
                startedDisabled: (parameters.Flags & IoUringSetupOptions.RingDisabled) != 0);
        }
        catch (IoUringException e)
        {
            entries?.Dispose();
            completionRing?.Dispose();
            submissionRing?.Dispose();
            handle.Dispose();
            throw IoUringUnavailableException.FromInitializationFailure(e);
        }
    }

    private bool TryTakeCompletion(out IoUringCompletionEntry completion)
    {
        if (_backlog.TryDequeue(out completion))
        {
            _inFlight--;
            return true;
        }

        if (TryTakeFromRing(out completion))
        {
            _inFlight--;
            return true;
        }

        return false;
    }

    private bool TryTakeFromRing(out IoUringCompletionEntry completion)
    {
        CheckDropped();
        uint tail = Volatile.Read(ref *_completionTail); // acquire: the entries up to tail are written
        if (_completionHeadLocal == tail)
        {
            completion = default;
            return false;
        }

        completion = _completions[_completionHeadLocal & _completionMask];
        _completionHeadLocal++;
        Volatile.Write(ref *_completionHead, _completionHeadLocal); // release: the slot has been copied out
        return true;
    }

    private void MoveRingToBacklog()
    {
        while (TryTakeFromRing(out IoUringCompletionEntry completion))
        {
            _backlog.Enqueue(completion);
            BackloggedCompletionCount++;
        }

        if (IsCompletionOverflowPending)
        {
            // The ring now has room: pull the kernel's overflow list into it.
            OverflowFlushCount++;
            EnterForEvents(0);
        }
    }

    private void EnterForEvents(uint minComplete)
    {
        while (true)
        {
            int result = IoUringSystemCalls.Enter(_handle.Descriptor, 0, minComplete, IoUringEnterOptions.GetEvents);
            if (result >= 0)
            {
                CheckDropped();
                return;
            }

            HandleEnterError(-result, "io_uring_enter (wait)");
        }
    }

    // Returns when the caller should simply retry; throws (faulting the ring) otherwise.
    private void HandleEnterError(int errno, string call)
    {
        switch (errno)
        {
            case Errno.EINTR:
                return;
            case Errno.EAGAIN or Errno.EBUSY:
                int before = _backlog.Count;
                MoveRingToBacklog();
                if (_backlog.Count == before && _inFlight == 0)
                {
                    // Nothing to reap and nothing in flight to wait for: the kernel is out of resources.
                    throw Fault($"{call} failed with {Errno.Name(errno)} with nothing in flight to wait for", errno);
                }

                if (_backlog.Count == before)
                {
                    // Wait for one in-flight operation to finish so the kernel has something to give back.
                    int waited = IoUringSystemCalls.Enter(_handle.Descriptor, 0, 1, IoUringEnterOptions.GetEvents);
                    if (waited < 0 && waited != -Errno.EINTR && waited != -Errno.EAGAIN && waited != -Errno.EBUSY)
                    {
                        HandleEnterError(-waited, call);
                    }

                    MoveRingToBacklog();
                }

                return;
            case Errno.EBADR:
                throw Fault("the kernel dropped completions (EBADR): the outcome of in-flight operations is unknown", errno);
            default:
                throw Fault($"{call} failed: {Errno.Name(errno)}", errno);
        }
    }

    private void CheckDropped()
    {
        uint dropped = Volatile.Read(ref *_completionDropped);
        if (dropped != _droppedAccounted)
        {
            uint count = dropped - _droppedAccounted;
            _droppedAccounted = dropped;
            throw Fault(
                string.Create(CultureInfo.InvariantCulture, $"the kernel dropped {count} completions (CQ overflow counter): the outcome of in-flight operations is unknown"),
                Errno.EBADR);
        }
    }

    private int RegisterOrThrow(IoUringRegisterOpcode opcode, void* argument, uint count, string what)
    {
        while (true)
        {
            int result = IoUringSystemCalls.Register(_handle.Descriptor, opcode, argument, count);
            if (result >= 0)
            {
                return result;
            }

            if (result == -Errno.EINTR)
            {
                continue;
            }

            string hint = result == -Errno.ENOMEM ? " (locked memory limit RLIMIT_MEMLOCK?)" : string.Empty;
            throw new IoUringException($"{what} failed: {Errno.Name(-result)}{hint}", -result);
        }
    }

    private IoUringException Fault(string reason, int errno)
    {
        _faultReason ??= reason;
        return new IoUringException("io_uring ring faulted: " + reason, errno);
    }

    // A started chain batch owns every completion until CompleteChains has matched them all.
    private void EnsureNoChainBatch()
    {
        if (_batchCount != 0)
        {
            throw new InvalidOperationException("A chain batch is in flight; complete it with CompleteChains first.");
        }
    }

    // Submitting, waiting and reaping: an enabled ring, on its owner thread.
    private void EnsureUsable()
    {
        EnsureCanRegister();
        if (_ownerThreadId == 0)
        {
            throw new InvalidOperationException("The ring was created disabled; call Enable on the thread that will drive it.");
        }
    }

    // Registering and probing: any one thread at a time while the ring is disabled, then only its owner
    // (the kernel refuses registrations from other threads of a SINGLE_ISSUER ring with EEXIST).
    private void EnsureCanRegister()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ownerThreadId != 0 && !IsOwnerThread)
        {
            throw new InvalidOperationException(
                "The ring belongs to the thread that created or enabled it; only that thread may submit, wait, reap and register.");
        }

        if (_faultReason is not null)
        {
            throw new InvalidOperationException("The ring is faulted: " + _faultReason);
        }
    }
}
