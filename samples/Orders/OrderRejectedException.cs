namespace OrdersSample;

/// <summary>An order operation refused its input before changing anything (the API answers 409).</summary>
public sealed class OrderRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OrderRejectedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    public OrderRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public OrderRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
