namespace Durably.Store;

/// <summary>
/// One submitted operation between its entry point and its caller's completion: the record to
/// apply (decoded from the logged bytes, or the caller's when its arguments cannot change), and
/// the task its caller awaits.
/// </summary>
/// <typeparam name="TState">The state class.</typeparam>
internal abstract class PendingOperation<TState>
    where TState : class
{
    protected PendingOperation(IOperationRecord<TState> record)
    {
        Record = record;
    }

    /// <summary>The record to apply.</summary>
    public IOperationRecord<TState> Record { get; }

    /// <summary>The sequence number the log gave the record, once durable.</summary>
    public long Sequence { get; set; }

    /// <summary>Runs the operation and keeps its result or exception for <see cref="Complete"/>.</summary>
    public abstract void Apply(TState state);

    /// <summary>Hands the kept result or exception to the caller.</summary>
    public abstract void Complete();

    /// <summary>Fails the caller's task without applying (refused, faulted or the store closed).</summary>
    public abstract void Fail(Exception exception);
}
