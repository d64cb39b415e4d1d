using Durably.IO;

namespace Durably.Testing;

/// <summary>A simulated flock, held by one process until released or the machine crashes.</summary>
internal sealed class SimulatedDirectoryLock : DirectoryLock
{
    private readonly SimulatedStorage _storage;
    private readonly int _processId;
    private readonly int _epoch;

    internal SimulatedDirectoryLock(SimulatedStorage storage, string path, int processId, int epoch)
    {
        _storage = storage;
        Path = path;
        _processId = processId;
        _epoch = epoch;
    }

    internal override string Path { get; }

    public override void Dispose()
    {
        lock (_storage.Gate)
        {
            if (_storage.Epoch == _epoch && _storage.Locks.TryGetValue(Path, out int holder) && holder == _processId)
            {
                _ = _storage.Locks.Remove(Path);
            }
        }
    }
}
