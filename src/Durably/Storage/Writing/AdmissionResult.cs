namespace Durably.Storage.Writing;

/// <summary>What happened to an append handed to <see cref="CommitQueue.Submit"/>.</summary>
internal enum AdmissionResult
{
    /// <summary>Sequenced and queued for the log thread.</summary>
    Accepted,

    /// <summary>Waiting (unsequenced) for a segment to be reserved; it will be accepted or refused.</summary>
    Waiting,

    /// <summary>Refused: the log is faulted.</summary>
    Faulted,

    /// <summary>Refused: no space could be reserved.</summary>
    Full,

    /// <summary>Refused: the log is being disposed.</summary>
    Closed,
}
