using System.Buffers;

namespace Durably.Runtime;

/// <summary>
/// One submitted operation between its entry point and its caller's completion: the record to
/// apply (decoded from the logged bytes, or the caller's when its arguments cannot change), the
/// pooled bytes handed to the log while it appends them, and the completion its caller
/// awaits. Instances are pooled: nothing on the per-operation path allocates beyond the caller's
/// record and its bytes.
/// </summary>
/// <typeparam name="TState">The state class.</typeparam>
internal abstract class PendingOperation<TState>
    where TState : class
{
    private byte[]? _buffer;

    /// <summary>The name of the operation (for errors and the apply scope).</summary>
    public abstract string OperationName { get; }

    /// <summary>The sequence number the log gave the record, once durable.</summary>
    public long Sequence { get; private set; }

    /// <summary>Keeps the record's bytes (rented from the shared pool) while the log appends them.</summary>
    public void StartAppend(byte[] buffer) => _buffer = buffer;

    /// <summary>The record is durable under <paramref name="sequence"/>: its bytes go back to the pool.</summary>
    public void Committed(long sequence)
    {
        Sequence = sequence;
        ReleaseBuffer();
    }

    /// <summary>Gives the record's bytes back to the pool once the log no longer reads them (durable, refused or failed).</summary>
    public void ReleaseBuffer()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
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
        _buffer = null;
        Sequence = 0;
    }
}
