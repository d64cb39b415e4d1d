namespace LedgerSample;

/// <summary>What applying a transfer did.</summary>
public enum TransferOutcome
{
    /// <summary>The money moved and the id is recorded.</summary>
    Applied,

    /// <summary>Refused: the source account has less than the amount.</summary>
    InsufficientFunds,

    /// <summary>Refused: a transfer with this id was applied before.</summary>
    DuplicateId,

    /// <summary>Refused: unknown account, same account on both sides, or a non-positive amount.</summary>
    Invalid,
}
