using System.Buffers;

namespace Durably.Runtime;

/// <summary>
/// One submitted operation between its entry point and its caller's completion: the record to
/// apply (decoded from the logged bytes, or the caller's when its arguments cannot change), the
/// pooled bytes handed to the log with the append in progress, and the completion its caller
/// awaits. Instances are pooled: nothing on the per-operation path allocates beyond the caller's
/// record and its bytes.
/// </summary>
/// <typeparam name="TState">The state class.</typeparam>
internal abstract class PendingOperation<TState>
    where TState : class
{
    private byte[]? _buffer;
    private ValueTask<long> _append;

    /// <summary>The name of the operation (for errors and the apply scope).</summary>
    public abstract string OperationName { get; }

    /// <summary>The sequence number the log gave the record, once durable.</summary>
    public long Sequence { get; private set; }

    /// <summary>True once the log has completed the append, either way.</summary>
    public bool IsAppendCompleted => _append.IsCompleted;

    /// <summary>Keeps the append of the record's bytes (rented from the shared pool) until it completes.</summary>
    public void StartAppend(byte[] buffer, ValueTask<long> append)
    {
        _buffer = buffer;
        _append = append;
    }

    /// <summary>
    /// Asks to be woken when the append completes: the continuation runs on the thread pool (the
    /// log never runs continuations on its own thread). Called at most once per append, and then
    /// <see cref="FinishAppend"/> is called once it completed, as an await would.
    /// </summary>
    public void WakeWhenAppended(Action wake) => _append.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(wake);

    /// <summary>Takes the completed append's outcome (once) and gives the record's bytes back to the pool.</summary>
    /// <returns>Null with <see cref="Sequence"/> set if the record is durable; otherwise why the append failed.</returns>
    public Exception? FinishAppend()
    {
        Exception? failure = null;
        try
        {
            Sequence = _append.GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // Any failure to append is the caller's; the store decides whether it is a fault.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failure = exception;
        }

        _append = default;
        ArrayPool<byte>.Shared.Return(_buffer!);
        _buffer = null;
        return failure;
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
        _buffer = null;
        _append = default;
        Sequence = 0;
    }
}
