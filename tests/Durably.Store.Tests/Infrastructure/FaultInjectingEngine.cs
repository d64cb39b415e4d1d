using Durably.IO;
using Durably.IO.Linux;

namespace Durably.Store.Tests.Infrastructure;

/// <summary>
/// The real Portable engine on real files, with two faults that can be switched on while the log
/// runs: every write of later commits fails with EIO (the log must fault), or creating a file
/// fails with ENOSPC (the log can reserve no more segments and must refuse appends).
/// </summary>
internal sealed class FaultInjectingEngine : IoEngine
{
    private const int Eio = 5;
    private readonly PortableEngine _inner = new();
    private readonly SpaceLimitedFileSystem _fileSystem;
    private int _submitted;
    private bool _failing;
    private volatile bool _failWrites;

    public FaultInjectingEngine()
    {
        _fileSystem = new SpaceLimitedFileSystem(_inner.FileSystem);
    }

    /// <summary>From the next commit on, every operation fails with EIO.</summary>
    public bool FailWrites
    {
        get => _failWrites;
        set => _failWrites = value;
    }

    /// <summary>Creating files fails with ENOSPC while this is set.</summary>
    public bool DiskFull
    {
        get => _fileSystem.Full;
        set => _fileSystem.Full = value;
    }

    internal override string Name => "portable";

    internal override StorageFileSystem FileSystem => _fileSystem;

    internal override void RegisterBuffers(IReadOnlyList<AlignedBuffer> buffers) => _inner.RegisterBuffers(buffers);

    internal override int RegisterFile(StorageFile file) => _inner.RegisterFile(file);

    internal override void UnregisterFile(int slot) => _inner.UnregisterFile(slot);

    internal override void Submit(ReadOnlySpan<IoOperation> operations)
    {
        _submitted = operations.Length;
        _failing = _failWrites;
        if (!_failing)
        {
            _inner.Submit(operations);
        }
    }

    internal override void WaitForCompletions(Span<int> results)
    {
        if (_failing)
        {
            results[.._submitted].Fill(-Eio);
            return;
        }

        _inner.WaitForCompletions(results);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
    }

    private sealed class SpaceLimitedFileSystem(StorageFileSystem inner) : StorageFileSystem
    {
        private const int Enospc = 28;

        public volatile bool Full;

        internal override bool DirectoryExists(string path) => inner.DirectoryExists(path);

        internal override void CreateDirectory(string path) => inner.CreateDirectory(path);

        internal override IReadOnlyList<string> ListFiles(string directory) => inner.ListFiles(directory);

        internal override StorageFile Open(string path, StorageOpenMode mode, StorageFileOptions options)
        {
            if (Full && mode != StorageOpenMode.OpenExisting)
            {
                throw new StorageException("open", path, -1, Enospc);
            }

            return inner.Open(path, mode, options);
        }

        internal override void Rename(string source, string destination) => inner.Rename(source, destination);

        internal override void Delete(string path) => inner.Delete(path);

        internal override void SyncDirectory(string path) => inner.SyncDirectory(path);

        internal override DirectoryLock? TryLock(string lockFilePath, out string? holder) => inner.TryLock(lockFilePath, out holder);

        internal override StorageDeviceInfo ProbeDevice(string directory) => inner.ProbeDevice(directory);
    }
}
