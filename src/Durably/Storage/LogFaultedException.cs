namespace Durably;

/// <summary>
/// The log stopped accepting appends after a write, fdatasync, short write, space or
/// verification failure (fail-stop: nothing is retried). For the appends that were in flight the
/// outcome is unknown: the record may or may not be durable. Reopening the log recovers from
/// what is on disk.
/// </summary>
public sealed class LogFaultedException : DurableLogException
{
    /// <summary>Creates the exception with a default message.</summary>
    public LogFaultedException()
        : base("The log is faulted; the outcome of the append is unknown (the record may or may not be durable).")
    {
    }

    /// <summary>Creates the exception.</summary>
    public LogFaultedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public LogFaultedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal LogFaultedException(string message, string? copy, string? filePath, long offset, int errno, Exception? innerException)
        : base(message, innerException!)
    {
        Copy = copy;
        FilePath = filePath;
        Offset = offset;
        Errno = errno;
    }

    /// <summary>The copy whose I/O failed ("primary" or "secondary"), if known.</summary>
    public string? Copy { get; }

    /// <summary>The segment file whose I/O failed, if known.</summary>
    public string? FilePath { get; }

    /// <summary>The file offset of the failed I/O, or -1.</summary>
    public long Offset { get; } = -1;

    /// <summary>The errno of the failure; 0 for a short write or a read-back mismatch.</summary>
    public int Errno { get; }
}
