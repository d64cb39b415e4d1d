using System.Globalization;

namespace Durably.IO.Linux;

/// <summary>How one operation of a submitted chain ended.</summary>
internal readonly struct IoUringOperationResult
{
    private IoUringOperationResult(IoUringLinkedOperation operation, ulong userData, bool isCompleted, int result)
    {
        Operation = operation;
        UserData = userData;
        IsCompleted = isCompleted;
        Result = result;
    }

    /// <summary>The operation this result belongs to.</summary>
    public IoUringLinkedOperation Operation { get; }

    /// <summary>The user_data the operation was submitted with and completed under.</summary>
    public ulong UserData { get; }

    /// <summary>Whether its completion has been reaped.</summary>
    public bool IsCompleted { get; }

    /// <summary>The completion's <c>res</c>: bytes transferred, 0, or a negated errno.</summary>
    public int Result { get; }

    /// <summary>
    /// True only for a full success: every byte transferred for reads and writes, 0 for NOP and fdatasync.
    /// A short transfer or -ECANCELED is a failure.
    /// </summary>
    public bool Succeeded => IsCompleted && (Operation.TransfersData ? Result >= 0 && (uint)Result == Operation.Length : Result == 0);

    /// <summary>A read or write that moved some but not all of its bytes.</summary>
    public bool IsShortTransfer => IsCompleted && Operation.TransfersData && Result >= 0 && (uint)Result < Operation.Length;

    /// <summary>Never ran because an earlier operation of its chain failed or was short (-ECANCELED).</summary>
    public bool WasCancelled => IsCompleted && Result == -IO.Errno.ECANCELED;

    /// <summary>The positive errno of a failed operation, or 0.</summary>
    public int Errno => IsCompleted && Result < 0 ? -Result : 0;

    /// <summary>An operation submitted under <paramref name="userData"/>, not yet completed.</summary>
    public static IoUringOperationResult Pending(IoUringLinkedOperation operation, ulong userData) =>
        new(operation, userData, isCompleted: false, result: 0);

    /// <summary>This operation, completed with <paramref name="result"/>.</summary>
    public IoUringOperationResult Complete(int result) => new(Operation, UserData, isCompleted: true, result);

    /// <summary>A sentence for fault messages, e.g. "WRITE_FIXED of 4096 bytes at offset 0 of registered file 1: short transfer of 2048 bytes".</summary>
    public string Describe()
    {
        string outcome = !IsCompleted ? "not completed"
            : Succeeded ? "succeeded"
            : WasCancelled ? "ECANCELED (not run: an earlier operation in its chain failed or was short)"
            : IsShortTransfer ? string.Create(CultureInfo.InvariantCulture, $"short transfer of {Result} bytes")
            : Result < 0 ? IO.Errno.Name(-Result)
            : string.Create(CultureInfo.InvariantCulture, $"unexpected result {Result}");
        return Operation + ": " + outcome;
    }

    /// <inheritdoc />
    public override string ToString() => Describe();
}
