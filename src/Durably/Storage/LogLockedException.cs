namespace Durably;

/// <summary>Another process has the log open (it holds the flock on a log directory's lock file).</summary>
public sealed class LogLockedException : DurableLogException
{
    /// <summary>Creates the exception with a default message.</summary>
    public LogLockedException()
        : base("The log is locked by another process.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public LogLockedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public LogLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal LogLockedException(string message, string directory, string? holder, int? holderProcessId)
        : base(message)
    {
        Directory = directory;
        Holder = holder;
        HolderProcessId = holderProcessId;
    }

    /// <summary>The locked directory.</summary>
    public string? Directory { get; }

    /// <summary>The holder as recorded in the lock file (e.g. "pid 4242 on host db1"), if known.</summary>
    public string? Holder { get; }

    /// <summary>The holder's process id, if known.</summary>
    public int? HolderProcessId { get; }
}
