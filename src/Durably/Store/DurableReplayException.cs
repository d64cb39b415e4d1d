namespace Durably;

/// <summary>
/// Opening a durable state failed because a record in its log cannot be read by this version of
/// the class (an operation was removed or renamed without a stable name, or a parameter without
/// a default was added). Nothing was changed on disk; open it with the version that wrote the log.
/// </summary>
public sealed class DurableReplayException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public DurableReplayException()
        : base("A log record could not be replayed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public DurableReplayException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DurableReplayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal DurableReplayException(string stateName, long sequence, Exception innerException)
        : base($"{stateName}: the log record at sequence {sequence} cannot be replayed by this version: {innerException.Message}", innerException)
    {
        Sequence = sequence;
    }

    /// <summary>The sequence number of the record that could not be replayed, or 0 if unknown.</summary>
    public long Sequence { get; }
}
