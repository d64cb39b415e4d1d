namespace LedgerSample;

/// <summary>The process exit codes of the Ledger commands.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InvalidArguments = 2;
    public const int AlreadyExists = 3;
    public const int Locked = 4;
    public const int Unrecoverable = 5;
    public const int Full = 6;
    public const int Faulted = 7;
    public const int NoLedger = 8;
    public const int StorageError = 9;
}
