namespace Durably;

/// <summary>
/// Opening a durable state failed because a record in its log cannot be read by this version of
/// the class (an operation was removed or renamed without a stable name, or a parameter without
/// a default was added), or because replay could not account for every record from the restored
/// snapshot to the log's end. Nothing was changed on disk; the message says what to do (open it
/// with the version that wrote the log, or restore the missing files).
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

    internal DurableReplayException(string message, long sequence)
        : base(message)
    {
        Sequence = sequence;
    }

    internal DurableReplayException(string stateName, long sequence, string? operationName, int? argumentIndex, string? parameterName, string explanation, Exception innerException)
        : base(
            $"{stateName}: the log record at sequence {sequence}"
            + (operationName is null ? string.Empty : $" (operation '{operationName}')")
            + $" cannot be replayed by this version: {explanation}",
            innerException)
    {
        Sequence = sequence;
        OperationName = operationName;
        ArgumentIndex = argumentIndex;
        ParameterName = parameterName;
    }

    /// <summary>The sequence number of the record that could not be replayed, or 0 if unknown.</summary>
    public long Sequence { get; }

    /// <summary>The operation the record names, or null when it names none.</summary>
    public string? OperationName { get; }

    /// <summary>The position of the argument that could not be read (0 is the first parameter), or null when the record's envelope is the problem.</summary>
    public int? ArgumentIndex { get; }

    /// <summary>The name of the parameter at <see cref="ArgumentIndex"/>, when the generated code registered it.</summary>
    public string? ParameterName { get; }
}
