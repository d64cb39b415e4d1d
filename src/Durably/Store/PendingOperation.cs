using System.Buffers;
using Durably.Threading;

namespace Durably.Runtime;

/// <summary>
/// One submitted operation between its entry point and its caller's completion: the record to
/// apply (decoded from the logged bytes, or the caller's when its arguments cannot change), the
/// record's bytes, which the log reads until it has settled the append, and the completion its
/// caller awaits. Instances are pooled, each with its own byte buffer: nothing on the
/// per-operation path allocates beyond the caller's record (and, for a record over 1 KiB, a buffer
/// that is not kept).
/// </summary>
/// <remarks>
/// The bytes live in the instance rather than in a shared pool because the log settles an append
/// on its own thread: arrays rented on the callers' threads and returned there overflowed the
/// shared pool's per-thread and per-core caches once hundreds were in flight, so every further
/// operation allocated a new array and both threads took the pool's locks. An instance is reused
/// only after the log has settled its append and the caller has taken the result, so the bytes
/// cannot change while the log may still read them.
/// </remarks>
/// <typeparam name="TState">The state class.</typeparam>
internal abstract class PendingOperation<TState>
    where TState : class
{
    // A buffer that grew past this for a large record is dropped when the instance is recycled,
    // so the pool does not keep large arrays for records that are usually small.
    private const int RetainedCapacity = 1024;

    private ArrayBufferWriter<byte>? _bytes;

    /// <summary>The name of the operation (for errors and the apply scope).</summary>
    public abstract string OperationName { get; }

    /// <summary>The sequence number the log gave the record, once durable.</summary>
    public long Sequence { get; private set; }

    /// <summary>
    /// Encodes <paramref name="record"/> into this instance's buffer; the returned bytes stay
    /// unchanged until the instance is recycled.
    /// </summary>
    public ReadOnlyMemory<byte> Encode<TRecord>(TRecord record, IMessagePackFormatter<TRecord> formatter)
    {
        ArrayBufferWriter<byte> bytes = _bytes ??= new ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(bytes);
        formatter.Serialize(ref writer, record);
        writer.Flush();
        return bytes.WrittenMemory;
    }

    /// <summary>The record is durable under <paramref name="sequence"/>.</summary>
    public void Committed(long sequence) => Sequence = sequence;

    /// <summary>Runs the operation and keeps its result or exception for <see cref="Complete"/>.</summary>
    public abstract void Apply(TState state);

    /// <summary>
    /// Hands the kept result or exception to the caller. Returns what the caller's continuation
    /// threw while being scheduled (or, with synchronous continuations, while running here), or
    /// null: the operation is completed either way.
    /// </summary>
    public ContinuationFailure? Complete() => Settle(null);

    /// <summary>Fails the caller's task without applying (refused, faulted or the store closed); returns as <see cref="Complete"/>.</summary>
    public ContinuationFailure? Fail(Exception exception) => Settle(exception);

    /// <summary>Hands the kept result or exception (or <paramref name="failure"/>) to the caller; returns what its continuation threw.</summary>
    protected abstract Exception? CompleteCore(Exception? failure);

    private ContinuationFailure? Settle(Exception? failure)
    {
        // Read before completing: once completed (and the continuation has run, with synchronous
        // continuations, and taken the result), this instance goes back to its pool and is reused.
        string operation = OperationName;
        long sequence = Sequence;
        Exception? thrown = CompleteCore(failure);
        return thrown is null ? null : new ContinuationFailure(operation, sequence, thrown);
    }

    /// <summary>Returns an instance that was rented but never handed out (its record did not encode) to its pool.</summary>
    public abstract void Discard();

    /// <summary>Clears what the previous use left, before the instance goes back to its pool.</summary>
    protected void ResetTracking()
    {
        if (_bytes is { } bytes)
        {
            if (bytes.Capacity > RetainedCapacity)
            {
                _bytes = null;
            }
            else
            {
                bytes.ResetWrittenCount();
            }
        }

        Sequence = 0;
    }
}
