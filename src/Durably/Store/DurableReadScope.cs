using System.ComponentModel;

namespace Durably.Runtime;

/// <summary>
/// The read lock held by one generated query call; disposing it releases the lock. A struct, so a
/// query allocates nothing beyond what its own body allocates.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct DurableReadScope : IDisposable
{
    private readonly ReaderWriterLockSlim? _heldLock;

    internal DurableReadScope(ReaderWriterLockSlim? heldLock)
    {
        _heldLock = heldLock;
    }

    /// <summary>Releases the read lock, if this scope took one.</summary>
    public void Dispose() => _heldLock?.ExitReadLock();
}
