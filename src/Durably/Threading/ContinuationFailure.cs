namespace Durably.Threading;

/// <summary>
/// A completion whose caller's continuation threw: its synchronization context or task scheduler
/// refused to schedule it, or it threw while running on the completing thread. Names the completed
/// operation as it was before completing: a pooled instance may be taken back and reused the
/// moment it is completed, so nothing may be read from it afterwards.
/// </summary>
/// <param name="Operation">What completed (the operation's name, or "append").</param>
/// <param name="Sequence">Its sequence number, or 0 when it never became durable.</param>
/// <param name="Thrown">What the continuation, or its scheduling, threw.</param>
internal readonly record struct ContinuationFailure(string Operation, long Sequence, Exception Thrown);
