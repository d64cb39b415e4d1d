namespace Durably;

/// <summary>
/// A file-system call on the log's files or directories failed while opening, reading or closing
/// the log: which call, on which path (and copy), with which errno, and what to do about it. (An
/// append whose write fails reports <see cref="LogFaultedException"/> instead.)
/// </summary>
public sealed class LogIoException : DurableLogException
{
    /// <summary>Creates the exception with a default message.</summary>
    public LogIoException()
        : base("A file-system call on the log failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public LogIoException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public LogIoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal LogIoException(string message, string operation, string path, string? copy, long offset, int errno, string errnoName, Exception innerException)
        : base(message, innerException)
    {
        Operation = operation;
        FilePath = path;
        Copy = copy;
        Offset = offset;
        Errno = errno;
        ErrnoName = errnoName;
        HResult = errno;
    }

    /// <summary>The call that failed, e.g. <c>open</c>, <c>mkdir</c>, <c>pwrite</c>, <c>fsync</c>.</summary>
    public string? Operation { get; }

    /// <summary>The file or directory it was called on.</summary>
    public string? FilePath { get; }

    /// <summary>The copy the path belongs to ("primary" or "secondary"), or null when it is neither's.</summary>
    public string? Copy { get; }

    /// <summary>The file offset, or -1 when the call has none.</summary>
    public long Offset { get; } = -1;

    /// <summary>The errno (e.g. 13 for EACCES); 0 when the failure is not an errno (a short read).</summary>
    public int Errno { get; }

    /// <summary>The errno's symbolic name, e.g. <c>EACCES</c>, <c>EROFS</c>, <c>ENOTDIR</c>.</summary>
    public string? ErrnoName { get; }
}
