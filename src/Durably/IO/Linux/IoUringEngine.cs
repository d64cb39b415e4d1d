using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Durably.IO.Linux;

/// <summary>
/// The io_uring engine: a commit's operations become linked SQEs — per copy WRITE_FIXED (IOSQE_IO_LINK) →
/// FSYNC(DATASYNC) [→ READ_FIXED] — with every copy's chain submitted in one io_uring_enter, tagged by group,
/// against buffers pinned once (IORING_REGISTER_BUFFERS) and segment files in registered slots
/// (IORING_REGISTER_FILES, swapped with IORING_REGISTER_FILES_UPDATE). Files, directories and locks go
/// through the same <see cref="LinuxFileSystem"/> as the Portable engine.
/// </summary>
/// <remarks>
/// The ring is created disabled on the thread that opens the log, which registers the buffers and the
/// first segment's files; the first <see cref="SubmitGroup"/> enables it, making the log thread its single
/// issuer. Registrations the log makes later come from the log thread (segment switches), except when the
/// log is closed from another thread: a slot released then is only forgotten here, and the kernel's
/// reference to the file goes when the ring is disposed.
/// <see cref="SubmitGroup"/> submits a group's SQEs in one io_uring_enter without waiting, tagged with the
/// group in their user_data, so the log can keep up to <see cref="MaxGroupsInFlight"/> frames in flight;
/// <see cref="ReapGroup"/> reaps completions (matched by user_data, never by arrival order) until some group
/// has all of its operations back.
/// </remarks>
internal sealed class IoUringEngine : IoEngine
{
    /// <summary>Registered file slots: the active segment's copies, with room for a switch and spares.</summary>
    internal const int FileSlotCount = 16;

    private const int MaxOperations = 64;

    // Groups in flight at once: the log keeps 2; each holds at most one chain of three per copy.
    private const int MaxGroups = 4;

    private readonly IoUringRing _ring;
    private readonly LinuxFileSystem _fileSystem;
    private readonly SlotState[] _slots = new SlotState[FileSlotCount];
    private readonly IoUringLinkedOperation[] _operations = new IoUringLinkedOperation[MaxOperations];
    private readonly IoUringLinkedChain[] _chains = new IoUringLinkedChain[MaxOperations];
    private readonly InFlightGroup[] _groups = new InFlightGroup[MaxGroups];
    private readonly Queue<int> _completedGroups = new();
    private AlignedBuffer[] _buffers = [];
    private ulong _nextGroup;

    private IoUringEngine(IoUringRing ring, LinuxFileSystem fileSystem)
    {
        _ring = ring;
        _fileSystem = fileSystem;
        for (int g = 0; g < MaxGroups; g++)
        {
            _groups[g] = new InFlightGroup();
        }
    }

    private enum SlotState : byte
    {
        Free,
        InUse,

        // Released from a thread the ring does not accept registrations from: the kernel still holds
        // the old file in it, so it is never handed out again.
        Retired,
    }

    /// <summary>Why this engine was chosen, for the log's status: the setup flags the kernel accepted.</summary>
    internal string Description => string.Create(
        CultureInfo.InvariantCulture,
        $"io_uring: linked WRITE_FIXED -> FSYNC(DATASYNC) chains per copy in one io_uring_enter, registered buffers and files (setup {_ring.AcceptedSetupFlags})");

    internal override string Name => "io_uring";

    internal override LogEngineKind Kind => LogEngineKind.IoUring;

    internal override int MaxGroupsInFlight => MaxGroups;

    internal override StorageFileSystem FileSystem => _fileSystem;

    /// <inheritdoc />
    internal override bool HasOperationsInFlight => _ring.InFlight > 0;

    /// <summary>
    /// Creates the engine, or says why io_uring cannot be used here (in the form
    /// <c>io_uring unavailable: EPERM (seccomp or kernel.io_uring_disabled)</c>) so the caller can fall back
    /// to the Portable engine and show the reason in the log's status.
    /// </summary>
    internal static bool TryCreate([NotNullWhen(true)] out IoUringEngine? engine, [NotNullWhen(false)] out string? unavailableReason) =>
        TryCreate(null, out engine, out unavailableReason);

    /// <summary>
    /// As <see cref="TryCreate(out IoUringEngine?, out string?)"/>, with the ring's setup flags and sizes taken from
    /// <paramref name="ringOptions"/> when given (tests use it to make the kernel refuse the setup); the ring is
    /// always created disabled.
    /// </summary>
    internal static bool TryCreate(
        IoUringRingOptions? ringOptions, [NotNullWhen(true)] out IoUringEngine? engine, [NotNullWhen(false)] out string? unavailableReason)
    {
        engine = null;
        var fileSystem = new LinuxFileSystem();
        var options = ringOptions is null
            ? new IoUringRingOptions { SubmissionQueueEntries = MaxOperations, StartDisabled = true }
            : new IoUringRingOptions
            {
                SubmissionQueueEntries = Math.Max(ringOptions.SubmissionQueueEntries, MaxOperations),
                CompletionQueueEntries = ringOptions.CompletionQueueEntries,
                SetupLadder = ringOptions.SetupLadder,
                MapRingsSeparately = ringOptions.MapRingsSeparately,
                StartDisabled = true,
            };
        if (!IoUringRing.TryCreate(options, out IoUringRing? ring, out IoUringUnavailableException? unavailable))
        {
            unavailableReason = unavailable.Message;
            return false;
        }

        try
        {
            IReadOnlyList<IoUringOpcode> missing = ring.ProbeOpcodes().Missing(IoUringOpcodeSupport.RequiredByLog);
            if (missing.Count > 0)
            {
                ring.Dispose();
                unavailableReason = "io_uring unavailable: the kernel lacks " + string.Join(", ", missing);
                return false;
            }

            Span<int> empty = stackalloc int[FileSlotCount];
            empty.Fill(-1);
            ring.RegisterFiles(empty);
            engine = new IoUringEngine(ring, fileSystem);
            unavailableReason = null;
            return true;
        }
        catch (IoUringException e)
        {
            ring.Dispose();
            unavailableReason = "io_uring unavailable: " + e.Message;
            return false;
        }
    }

    internal override void RegisterBuffers(IReadOnlyList<AlignedBuffer> buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        var vectors = new IoUringIoVector[buffers.Count];
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] = new IoUringIoVector { Base = AddressOf(buffers[i]), Length = (nuint)buffers[i].Length };
        }

        _ring.RegisterBuffers(vectors);
        _buffers = [.. buffers];
    }

    internal override int RegisterFile(StorageFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(file.Descriptor);
        int slot = Array.IndexOf(_slots, SlotState.Free);
        if (slot < 0)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture, $"All {FileSlotCount} registered file slots of the io_uring engine are in use."));
        }

        _ring.UpdateRegisteredFiles(slot, [file.Descriptor]);
        _slots[slot] = SlotState.InUse;
        return slot;
    }

    internal override void UnregisterFile(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, FileSlotCount);
        if (_slots[slot] != SlotState.InUse)
        {
            return;
        }

        if (!_ring.IsEnabled || _ring.IsOwnerThread)
        {
            _ring.UpdateRegisteredFiles(slot, [-1]);
            _slots[slot] = SlotState.Free;
        }
        else
        {
            _slots[slot] = SlotState.Retired;
        }
    }

    internal override void SubmitGroup(long tag, ReadOnlySpan<IoOperation> operations)
    {
        if (operations.IsEmpty || operations.Length > MaxOperations)
        {
            throw new ArgumentOutOfRangeException(
                nameof(operations), operations.Length, string.Create(CultureInfo.InvariantCulture, $"A submission holds 1..{MaxOperations} operations."));
        }

        int free = -1;
        for (int g = 0; g < MaxGroups && free < 0; g++)
        {
            free = _groups[g].Active ? -1 : g;
        }

        if (free < 0)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture, $"{MaxGroups} groups are in flight already; reap one before submitting another."));
        }

        if (!_ring.IsEnabled)
        {
            // The first submitting thread (the log thread) becomes the ring's single issuer.
            _ring.Enable();
        }

        int chains = 0;
        int chainStart = 0;
        for (int i = 0; i < operations.Length; i++)
        {
            _operations[i] = Translate(operations[i]);
            if (!operations[i].LinkNext || i == operations.Length - 1)
            {
                _chains[chains++] = new IoUringLinkedChain(_operations.AsMemory(chainStart, i + 1 - chainStart));
                chainStart = i + 1;
            }
        }

        InFlightGroup group = _groups[free];
        ulong id = ++_nextGroup;
        group.Start(tag, id, operations.Length);
        try
        {
            _ = _ring.StartGroup(_chains.AsSpan(0, chains), id);
        }
        catch
        {
            // Whatever the kernel took stays in flight (HasOperationsInFlight keeps the buffers); the group
            // itself will never be reaped.
            group.Active = false;
            throw;
        }
    }

    internal override long ReapGroup(Span<int> results)
    {
        while (_completedGroups.Count == 0)
        {
            if (!AnyGroupActive())
            {
                throw new InvalidOperationException("No group was submitted.");
            }

            bool reaped = false;
            while (_ring.TryReapGroupCompletion(out ulong id, out int position, out int result))
            {
                reaped = true;
                Record(id, position, result);
            }

            if (!reaped && _completedGroups.Count == 0)
            {
                // No group can complete before at least this many more completions arrive: one wake-up
                // per frame rather than one per operation.
                _ring.WaitForCompletions(FewestOutstanding());
            }
        }

        InFlightGroup done = _groups[_completedGroups.Dequeue()];
        if (results.Length < done.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{done.Count} operations need {done.Count} result slots, not {results.Length}."), nameof(results));
        }

        done.Results.AsSpan(0, done.Count).CopyTo(results);
        done.Active = false;
        return done.Tag;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ring.Dispose();
        }
    }

    private static unsafe nint AddressOf(AlignedBuffer buffer) => (nint)buffer.Pointer;

    private IoUringLinkedOperation Translate(in IoOperation operation)
    {
        if ((uint)operation.FileSlot >= FileSlotCount || _slots[operation.FileSlot] != SlotState.InUse)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture, $"File slot {operation.FileSlot} is not registered with the io_uring engine."));
        }

        IoUringFileTarget file = IoUringFileTarget.RegisteredSlot(operation.FileSlot);
        switch (operation.Opcode)
        {
            case IoOpcode.SyncData:
                return IoUringLinkedOperation.DataSync(file);
            case IoOpcode.Write:
            case IoOpcode.Read:
                AlignedBuffer buffer = _buffers[operation.BufferIndex];
                if (operation.BufferOffset < 0 || (long)operation.BufferOffset + operation.Length > buffer.Length)
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(operation),
                        string.Create(CultureInfo.InvariantCulture, $"{operation.Length} bytes at {operation.BufferOffset} overrun buffer {operation.BufferIndex} ({buffer.Length} bytes)."));
                }

                nint address = AddressOf(buffer) + operation.BufferOffset;
                return operation.Opcode == IoOpcode.Write
                    ? IoUringLinkedOperation.WriteFixed(file, address, operation.Length, operation.FileOffset, operation.BufferIndex)
                    : IoUringLinkedOperation.ReadFixed(file, address, operation.Length, operation.FileOffset, operation.BufferIndex);
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation.Opcode, "Unknown opcode.");
        }
    }

    private uint FewestOutstanding()
    {
        int fewest = int.MaxValue;
        foreach (InFlightGroup group in _groups)
        {
            if (group.Active && group.Reaped < group.Count)
            {
                fewest = Math.Min(fewest, group.Count - group.Reaped);
            }
        }

        return (uint)fewest;
    }

    private bool AnyGroupActive()
    {
        foreach (InFlightGroup group in _groups)
        {
            if (group.Active)
            {
                return true;
            }
        }

        return false;
    }

    private void Record(ulong id, int position, int result)
    {
        for (int g = 0; g < MaxGroups; g++)
        {
            InFlightGroup group = _groups[g];
            if (group.Active && group.Id == id && position < group.Count && !group.Seen[position])
            {
                group.Seen[position] = true;
                group.Results[position] = result;
                if (++group.Reaped == group.Count)
                {
                    _completedGroups.Enqueue(g);
                }

                return;
            }
        }

        throw new IoUringException(
            string.Create(CultureInfo.InvariantCulture, $"io_uring returned a completion (group {id}, position {position}) that matches no operation in flight"),
            0);
    }

    /// <summary>A submitted group: its tag, ring group number, and the results reaped so far.</summary>
    private sealed class InFlightGroup
    {
        internal int[] Results { get; } = new int[MaxOperations];

        internal bool[] Seen { get; } = new bool[MaxOperations];

        internal bool Active { get; set; }

        internal long Tag { get; private set; }

        internal ulong Id { get; private set; }

        internal int Count { get; private set; }

        internal int Reaped { get; set; }

        internal void Start(long tag, ulong id, int count)
        {
            Tag = tag;
            Id = id;
            Count = count;
            Reaped = 0;
            Array.Clear(Seen, 0, count);
            Active = true;
        }
    }
}
