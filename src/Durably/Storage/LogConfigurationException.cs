namespace Durably;

/// <summary>
/// The log's directories cannot be used as configured, e.g. the primary and secondary are one
/// directory (the same path, or the same device and inode through a symlink or bind mount). The
/// message says what to change. Nothing was written.
/// </summary>
public sealed class LogConfigurationException : DurableLogException
{
    /// <summary>Creates the exception with a default message.</summary>
    public LogConfigurationException()
        : base("The log's directories cannot be used as configured.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public LogConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public LogConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
