namespace Durably;

/// <summary>The base of every error the log reports about itself.</summary>
public class DurableLogException : IOException
{
    /// <summary>Creates the exception with a default message.</summary>
    public DurableLogException()
        : base("The durable log failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public DurableLogException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public DurableLogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
