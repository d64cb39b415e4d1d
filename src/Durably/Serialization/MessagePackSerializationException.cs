namespace Durably;

/// <summary>
/// MessagePack data could not be read or a value could not be written: truncated or malformed
/// input, a value out of the target type's range, nesting deeper than allowed, invalid UTF-8, or
/// a type without a formatter. The message says what was wrong and, for input, at which byte offset.
/// </summary>
public sealed class MessagePackSerializationException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public MessagePackSerializationException()
        : base("MessagePack serialization failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public MessagePackSerializationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public MessagePackSerializationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a problem in the input at a byte offset.</summary>
    /// <param name="message">What went wrong, already naming the offset.</param>
    /// <param name="offset">The byte offset in the input where the offending value starts.</param>
    /// <param name="innerException">The cause, if any.</param>
    public MessagePackSerializationException(string message, long offset, Exception? innerException = null)
        : base(message, innerException)
    {
        Offset = offset;
    }

    /// <summary>The byte offset in the input where the offending value starts, when the problem is in the input.</summary>
    public long? Offset { get; }
}
