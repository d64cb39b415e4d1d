using Durably.IO;

namespace Durably.Testing;

/// <summary>
/// A simulated process's I/O engine: pass it in <c>LogOptions.CustomEngine</c> to run a log on
/// a <see cref="SimulatedStorage"/>. Operations execute one at a time, so a crash can fall between
/// any two of them; linked chains stop at the first failure as io_uring links do. Up to two groups
/// (frames) may be in flight: a group's operations run when the log reaps, and groups in flight
/// together run in an order taken from the storage's seed (in order, reversed or interleaved), so a
/// later frame can reach the disk, or complete, before an earlier one. Create a new one per open: a
/// crash kills the processes that existed.
/// </summary>
public sealed unsafe class SimulatedEngine : IoEngine
{
    private readonly SimulatedFileSystem _fileSystem;
    private const int MaxGroups = 2;

    private readonly List<SimulatedFile?> _files = [];
    private readonly List<Group> _submitted = [];
    private readonly Queue<Group> _completed = new();
    private AlignedBuffer[] _buffers = [];
    private SimulatedFile? _abandonOnWait;
    private bool _abandoned;

    internal SimulatedEngine(SimulatedStorage storage, int processId, int epoch)
    {
        Storage = storage;
        ProcessId = processId;
        Epoch = epoch;
        _fileSystem = new SimulatedFileSystem(this);
    }

    /// <summary>The simulated process id (what a refused opener sees as the lock holder).</summary>
    public int ProcessId { get; }

    /// <summary>False once a crash has killed this process.</summary>
    public bool IsAlive
    {
        get
        {
            lock (Storage.Gate)
            {
                return Epoch == Storage.Epoch;
            }
        }
    }

    internal SimulatedStorage Storage { get; }

    internal int Epoch { get; }

    internal override string Name => "simulated";

    internal override LogEngineKind Kind => LogEngineKind.Simulated;

    internal override StorageFileSystem FileSystem => _fileSystem;

    internal override int MaxGroupsInFlight => MaxGroups;

    /// <summary>How groups in flight together run (tests pin it; the default follows the seed).</summary>
    internal SimulatedCompletionOrder CompletionOrder { get; set; } = SimulatedCompletionOrder.Seeded;

    internal override void RegisterBuffers(IReadOnlyList<AlignedBuffer> buffers) => _buffers = [.. buffers];

    internal override int RegisterFile(StorageFile file)
    {
        var simulated = (SimulatedFile)file;
        int free = _files.IndexOf(null);
        if (free >= 0)
        {
            _files[free] = simulated;
            return free;
        }

        _files.Add(simulated);
        return _files.Count - 1;
    }

    internal override void UnregisterFile(int slot) => _files[slot] = null;

    internal override void SubmitGroup(long tag, ReadOnlySpan<IoOperation> operations)
    {
        if (_submitted.Count + _completed.Count >= MaxGroups)
        {
            throw new InvalidOperationException("The simulated engine keeps at most " + MaxGroups + " groups in flight; reap one first.");
        }

        foreach (IoOperation op in operations)
        {
            if (_files[op.FileSlot] is { } target)
            {
                bool throws;
                lock (Storage.Gate)
                {
                    throws = target.Disk.TakeFault(SimulatedFaultKind.SubmitThrows, target.Path) is not null;
                }

                if (throws)
                {
                    throw new InvalidOperationException("Simulated engine failure while submitting operations on " + target.Path + ".");
                }

                lock (Storage.Gate)
                {
                    if (op.Opcode == IoOpcode.Write && target.Disk.TakeFault(SimulatedFaultKind.WaitThrows, target.Path) is not null)
                    {
                        _abandonOnWait = target;
                    }
                }
            }
        }

        _submitted.Add(new Group(tag, operations.ToArray()));
    }

    /// <inheritdoc />
    internal override bool HasOperationsInFlight => _abandoned;

    internal override long ReapGroup(Span<int> results)
    {
        if (_abandonOnWait is { } target)
        {
            _abandonOnWait = null;
            _abandoned = true;
            throw new InvalidOperationException("Simulated engine failure while waiting for operations on " + target.Path + "; they stay in flight.");
        }

        if (_completed.Count == 0)
        {
            if (_submitted.Count == 0)
            {
                throw new InvalidOperationException("No group was submitted.");
            }

            RunSubmitted();
        }

        Group done = _completed.Dequeue();
        done.Results.CopyTo(results);
        return done.Tag;
    }

    // Runs every submitted group to completion, in the order CompletionOrder picks, queueing each
    // as it completes.
    private void RunSubmitted()
    {
        SimulatedCompletionOrder order = CompletionOrder;
        if (_submitted.Count > 1 && order == SimulatedCompletionOrder.Seeded)
        {
            lock (Storage.Gate)
            {
                order = (SimulatedCompletionOrder)(1 + Storage.Random.Next(3));
            }
        }

        var running = new List<Group>(_submitted);
        _submitted.Clear();
        if (order == SimulatedCompletionOrder.Reversed)
        {
            running.Reverse();
        }

        while (running.Count > 0)
        {
            for (int g = 0; g < running.Count; g++)
            {
                Group group = running[g];
                do
                {
                    Step(group);
                }
                while (order != SimulatedCompletionOrder.Interleaved && !group.IsDone);

                if (group.IsDone)
                {
                    _completed.Enqueue(group);
                    running.RemoveAt(g--);
                }
            }
        }
    }

    private void Step(Group group)
    {
        IoOperation op = group.Operations[group.Next];
        int result = group.Broken ? -Errno.ECANCELED : Execute(op);
        group.Results[group.Next++] = result;
        group.Broken = op.LinkNext && (group.Broken || result != op.ExpectedResult);
    }

    /// <summary>Nothing to release: the simulated disks outlive their processes.</summary>
    /// <param name="disposing">Unused.</param>
    protected override void Dispose(bool disposing)
    {
    }

    private int Execute(in IoOperation op)
    {
        SimulatedFile file = _files[op.FileSlot] ?? throw new InvalidOperationException($"File slot {op.FileSlot} is not registered.");
        switch (op.Opcode)
        {
            case IoOpcode.Write:
            {
                byte* source = _buffers[op.BufferIndex].Pointer + op.BufferOffset;
                return file.WriteAt(op.FileOffset, new ReadOnlySpan<byte>(source, op.Length), (nint)source);
            }

            case IoOpcode.SyncData:
                return file.SyncNow("fdatasync");

            default:
            {
                byte* destination = _buffers[op.BufferIndex].Pointer + op.BufferOffset;
                return file.ReadAt(op.FileOffset, new Span<byte>(destination, op.Length), (nint)destination);
            }
        }
    }

    /// <summary>A submitted group: its tag, operations, and how far it has run.</summary>
    private sealed class Group(long tag, IoOperation[] operations)
    {
        internal long Tag { get; } = tag;

        internal IoOperation[] Operations { get; } = operations;

        internal int[] Results { get; } = new int[operations.Length];

        internal int Next { get; set; }

        internal bool Broken { get; set; }

        internal bool IsDone => Next == Operations.Length;
    }
}
