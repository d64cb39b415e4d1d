using Durably;

namespace LedgerSample;

/// <summary>Turns the store's and the log's exceptions into a line on stderr and an exit code.</summary>
internal static class FailureReport
{
    /// <summary>Writes why the command failed and returns its exit code; null if the exception is not a store failure.</summary>
    public static int? Report(Exception exception)
    {
        (int code, string text)? failure = exception switch
        {
            LogLockedException => (ExitCodes.Locked, "another process holds the log: "),
            LogCorruptException => (ExitCodes.Unrecoverable, "the log cannot be recovered: "),
            DurableReplayException => (ExitCodes.Unrecoverable, "the log cannot be replayed by this version: "),
            SnapshotSchemaException => (ExitCodes.Unrecoverable, "the snapshot cannot be read by this version: "),
            DurableSnapshotException => (ExitCodes.Failure, "the snapshot could not be written (nothing was lost): "),
            LogFullException => (ExitCodes.Full, "the log is full, new operations are refused (acknowledged ones stay): "),
            LogFaultedException => (ExitCodes.Faulted, "the log faulted; operations in flight have an unknown outcome (reopening recovers): "),
            DurableLogException => (ExitCodes.Failure, "the log failed: "),
            _ => null,
        };
        if (failure is not { } known)
        {
            return null;
        }

        Console.Error.WriteLine("ledger: " + known.text + exception.Message);
        return known.code;
    }
}
