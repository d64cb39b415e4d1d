namespace Durably;

/// <summary>What opening does when a record is damaged in both copies and later records exist.</summary>
public enum LogRecoveryMode
{
    /// <summary>Refuse to open with <see cref="LogCorruptException"/> naming the record, copies, files and offsets.</summary>
    Strict,

    /// <summary>
    /// Truncate the log before the damaged record (losing it and every later record), report the
    /// loss in <see cref="LogStatus.Repairs"/> and the message callback, and open.
    /// </summary>
    AcceptDataLoss,
}
