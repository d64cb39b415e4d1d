using System.Buffers;

namespace Durably.Store;

/// <summary>
/// One submitted operation between its entry point and its caller's completion: the record to
/// apply (decoded from the logged bytes, or the caller's when its arguments cannot change), the
/// pooled bytes handed to the log, and the completion its caller awaits. Instances are pooled:
/// nothing on the per-operation path allocates beyond the caller's record and its bytes.
/// </summary>
/// <typeparam name="TState">The state class.</typeparam>
internal abstract class PendingOperation<TState>
    where TState : class
{
    private readonly Action _onAppended;
    private DurableStore<TState>? _store;
    private byte[]? _buffer;
    private ValueTask<long> _append;

    protected PendingOperation()
    {
        _onAppended = OnAppended;
    }

    /// <summary>The name of the operation (for errors and the apply scope).</summary>
    public abstract string OperationName { get; }

    /// <summary>The sequence number the log gave the record, once durable.</summary>
    public long Sequence { get; private set; }

    /// <summary>Follows the append of the record's bytes (rented from the shared pool) until it completes.</summary>
    public void Track(DurableStore<TState> store, byte[] buffer, ValueTask<long> append)
    {
        _store = store;
        _buffer = buffer;
        _append = append;
        if (append.IsCompleted)
        {
            OnAppended();
        }
        else
        {
            // The log completes appends on the thread pool, never on its own thread.
            append.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onAppended);
        }
    }

    /// <summary>Runs the operation and keeps its result or exception for <see cref="Complete"/>.</summary>
    public abstract void Apply(TState state);

    /// <summary>Hands the kept result or exception to the caller.</summary>
    public abstract void Complete();

    /// <summary>Fails the caller's task without applying (refused, faulted or the store closed).</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Clears what the previous use left, before the instance goes back to its pool.</summary>
    protected void ResetTracking()
    {
        _store = null;
        _buffer = null;
        _append = default;
        Sequence = 0;
    }

    private void OnAppended()
    {
        DurableStore<TState> store = _store!;
        long sequence = 0;
        Exception? failure = null;
        try
        {
            sequence = _append.GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // Any failure to append is the caller's; the store decides whether it is a fault.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failure = exception;
        }

        // The log is done with the bytes once the append completed, either way.
        _append = default;
        ArrayPool<byte>.Shared.Return(_buffer!);
        _buffer = null;
        if (failure is null)
        {
            Sequence = sequence;
            store.OnDurable(this);
        }
        else
        {
            store.OnAppendFailed(this, failure);
        }
    }
}
