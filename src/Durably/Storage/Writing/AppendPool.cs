using System.Collections.Concurrent;

namespace Durably.Storage.Writing;

/// <summary>Reuses <see cref="PendingAppend"/> objects (bounded, so a burst does not pin memory forever).</summary>
internal sealed class AppendPool
{
    private const int MaximumPooled = 4096;
    private readonly ConcurrentQueue<PendingAppend> _free = new();

    internal PendingAppend Rent() => _free.TryDequeue(out PendingAppend? append) ? append : new PendingAppend(this);

    internal void Return(PendingAppend append)
    {
        if (_free.Count < MaximumPooled)
        {
            _free.Enqueue(append);
        }
    }
}
