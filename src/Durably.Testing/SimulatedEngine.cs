using Durably.IO;

namespace Durably.Testing;

/// <summary>
/// A simulated process's I/O engine: pass it in <c>LogOptions.CustomEngine</c> to run a log on
/// a <see cref="SimulatedStorage"/>. Operations execute in submission order, one at a time, so a
/// crash can fall between any two of them; linked chains stop at the first failure as io_uring
/// links do. Create a new one per open: a crash kills the processes that existed.
/// </summary>
public sealed unsafe class SimulatedEngine : IoEngine
{
    private readonly SimulatedFileSystem _fileSystem;
    private readonly List<SimulatedFile?> _files = [];
    private int[] _results = new int[16];
    private int _count;
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

    internal override void Submit(ReadOnlySpan<IoOperation> operations)
    {
        if (_results.Length < operations.Length)
        {
            _results = new int[operations.Length];
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

        _count = operations.Length;
        bool broken = false;
        for (int i = 0; i < operations.Length; i++)
        {
            IoOperation op = operations[i];
            int result = broken ? -Errno.ECANCELED : Execute(op);
            _results[i] = result;
            broken = op.LinkNext && (broken || result != op.ExpectedResult);
        }
    }

    /// <inheritdoc />
    internal override bool HasOperationsInFlight => _abandoned;

    internal override void WaitForCompletions(Span<int> results)
    {
        if (_abandonOnWait is { } target)
        {
            _abandonOnWait = null;
            _abandoned = true;
            throw new InvalidOperationException("Simulated engine failure while waiting for operations on " + target.Path + "; they stay in flight.");
        }

        _results.AsSpan(0, _count).CopyTo(results);
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
}
