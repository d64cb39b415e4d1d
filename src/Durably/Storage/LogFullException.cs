namespace Durably;

/// <summary>
/// The append was refused before it got a sequence number: no further log segment could be
/// reserved (the file system is full). Nothing was written. Appends accepted earlier complete,
/// the log stays readable, and appends succeed again once space is freed.
/// </summary>
public sealed class LogFullException : DurableLogException
{
    /// <summary>Creates the exception with a default message.</summary>
    public LogFullException()
        : base("The log is full: no further segment could be reserved; the append was not accepted.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public LogFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public LogFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
