namespace Durably.IO.Linux;

/// <summary>
/// The engine for any Linux: each operation is a pwrite, fdatasync or pread system call. Chains
/// run in order and stop at the first failure or short transfer, as io_uring links do. When a
/// submission holds more than one chain (one per copy), the second runs on a companion thread
/// while the log thread runs the first, so two disks are written and flushed concurrently.
/// A group runs to completion inside <see cref="SubmitGroup"/>, so it keeps one group in flight
/// (<see cref="IoEngine.MaxGroupsInFlight"/> is 1): the log does not pipeline frames on it.
/// </summary>
internal sealed unsafe class PortableEngine : IoEngine
{
    private readonly LinuxFileSystem _fileSystem = new();
    private readonly List<StorageFile?> _files = [];
    private readonly bool _runChainsConcurrently;
    private readonly int[] _results = new int[64];
    private IoOperation[] _operations = new IoOperation[64];
    private int _operationCount;
    private long _tag;
    private bool _completed;
    private AlignedBuffer[] _buffers = [];
    private ChainRunner? _companion;

    /// <param name="runChainsConcurrently">
    /// Run a submission's chains concurrently (a companion thread) rather than one after the other.
    /// </param>
    internal PortableEngine(bool runChainsConcurrently = true) => _runChainsConcurrently = runChainsConcurrently;

    internal override string Name => "portable";

    internal override LogEngineKind Kind => LogEngineKind.Portable;

    internal override StorageFileSystem FileSystem => _fileSystem;

    internal override void RegisterBuffers(IReadOnlyList<AlignedBuffer> buffers) => _buffers = [.. buffers];

    internal override int RegisterFile(StorageFile file)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(file.Descriptor);
        int free = _files.IndexOf(null);
        if (free >= 0)
        {
            _files[free] = file;
            return free;
        }

        _files.Add(file);
        return _files.Count - 1;
    }

    internal override void UnregisterFile(int slot) => _files[slot] = null;

    internal override void SubmitGroup(long tag, ReadOnlySpan<IoOperation> operations)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The portable engine keeps one group in flight; reap it before submitting another.");
        }

        if (operations.Length > _results.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(operations), operations.Length, "Too many operations in one submission.");
        }

        if (_operations.Length < operations.Length)
        {
            _operations = new IoOperation[operations.Length];
        }

        operations.CopyTo(_operations);
        _operationCount = operations.Length;

        int secondChain = SecondChainStart(operations);
        if (secondChain > 0 && _runChainsConcurrently)
        {
            _companion ??= new ChainRunner(this);
            _companion.Start(secondChain, _operationCount);
            RunChains(0, secondChain);
            _companion.Wait();
        }
        else
        {
            RunChains(0, _operationCount);
        }

        _tag = tag;
        _completed = true;
    }

    internal override long ReapGroup(Span<int> results)
    {
        if (!_completed)
        {
            throw new InvalidOperationException("No group was submitted.");
        }

        _completed = false;
        _results.AsSpan(0, _operationCount).CopyTo(results);
        return _tag;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _companion?.Dispose();
        }
    }

    private static int SecondChainStart(ReadOnlySpan<IoOperation> operations)
    {
        for (int i = 0; i < operations.Length - 1; i++)
        {
            if (!operations[i].LinkNext)
            {
                return i + 1;
            }
        }

        return 0;
    }

    private void RunChains(int start, int end)
    {
        bool broken = false;
        for (int i = start; i < end; i++)
        {
            IoOperation op = _operations[i];
            int result = broken ? -Errno.ECANCELED : Execute(op);
            _results[i] = result;
            if (!broken && result != op.ExpectedResult && op.LinkNext)
            {
                broken = true;
            }

            if (!op.LinkNext)
            {
                broken = false;
            }
        }
    }

    private int Execute(in IoOperation op)
    {
        StorageFile file = _files[op.FileSlot] ?? throw new InvalidOperationException($"File slot {op.FileSlot} is not registered.");
        int fd = file.Descriptor;
        switch (op.Opcode)
        {
            case IoOpcode.Write:
            {
                byte* source = _buffers[op.BufferIndex].Pointer + op.BufferOffset;
                nint n;
                do
                {
                    n = LinuxSystemCalls.PWrite(fd, source, (nuint)op.Length, op.FileOffset);
                }
                while (n < 0 && LinuxSystemCalls.LastErrno == Errno.EINTR);

                return n < 0 ? -LinuxSystemCalls.LastErrno : (int)n;
            }

            case IoOpcode.SyncData:
                return LinuxSystemCalls.FDataSync(fd) == 0 ? 0 : -LinuxSystemCalls.LastErrno;

            case IoOpcode.Read:
            {
                byte* destination = _buffers[op.BufferIndex].Pointer + op.BufferOffset;
                nint n;
                do
                {
                    n = LinuxSystemCalls.PRead(fd, destination, (nuint)op.Length, op.FileOffset);
                }
                while (n < 0 && LinuxSystemCalls.LastErrno == Errno.EINTR);

                return n < 0 ? -LinuxSystemCalls.LastErrno : (int)n;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(op), op.Opcode, "Unknown opcode.");
        }
    }

    /// <summary>A thread that runs the chains after the first while the log thread runs the first.</summary>
    private sealed class ChainRunner : IDisposable
    {
        private readonly PortableEngine _engine;
        private readonly Thread _thread;
        private readonly SemaphoreSlim _start = new(0);
        private readonly SemaphoreSlim _done = new(0);
        private int _from;
        private int _to;
        private volatile bool _stopping;

        internal ChainRunner(PortableEngine engine)
        {
            _engine = engine;
            _thread = new Thread(Run) { IsBackground = true, Name = "Durably log companion" };
            _thread.Start();
        }

        internal void Start(int from, int to)
        {
            _from = from;
            _to = to;
            _start.Release();
        }

        internal void Wait() => _done.Wait();

        public void Dispose()
        {
            _stopping = true;
            _start.Release();
            _thread.Join();
            _start.Dispose();
            _done.Dispose();
        }

        private void Run()
        {
            while (true)
            {
                _start.Wait();
                if (_stopping)
                {
                    return;
                }

                _engine.RunChains(_from, _to);
                _done.Release();
            }
        }
    }
}
