namespace Durably;

/// <summary>
/// A snapshot could not be made durable and verified in every copy (no space, an I/O error, a
/// read-back that differed), or the state could not be written as a snapshot that reads back (it
/// nests deeper than the reader's limit, or a value cannot be serialized). Nothing was lost: the
/// snapshot simply does not count, the log keeps every record it had and recovery stays correct;
/// the next snapshot tries again. If it repeats, check space and errors on both log directories,
/// or, when the message says the state is the cause, change the state as it says.
/// </summary>
public sealed class DurableSnapshotException : DurableLogException
{
    /// <summary>Creates the exception with a default message.</summary>
    public DurableSnapshotException()
        : base("A snapshot could not be made durable.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public DurableSnapshotException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DurableSnapshotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
