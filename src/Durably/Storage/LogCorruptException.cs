namespace Durably;

/// <summary>
/// Opening was refused: a record is damaged in both copies while later records exist, so
/// acknowledged data would be lost by cutting the log there. The message names the sequence
/// number and, per copy, the file, offset and what is wrong. Open with
/// <see cref="LogRecoveryMode.AcceptDataLoss"/> to truncate there instead.
/// </summary>
public sealed class LogCorruptException : DurableLogException
{
    /// <summary>Creates the exception with a default message.</summary>
    public LogCorruptException()
        : base("The log is corrupt.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public LogCorruptException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public LogCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal LogCorruptException(string message, long sequence, IReadOnlyList<string> locations)
        : base(message)
    {
        Sequence = sequence;
        Locations = locations;
    }

    /// <summary>The first sequence number that could not be recovered, or -1.</summary>
    public long Sequence { get; } = -1;

    /// <summary>Per copy: file, offset and what is wrong there.</summary>
    public IReadOnlyList<string> Locations { get; } = [];
}
