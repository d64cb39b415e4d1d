using System.Globalization;
using Durably.IO;

namespace Durably.Storage.Writing;

/// <summary>Why the log faulted: the failed operation, where, and with which errno.</summary>
/// <param name="Cause">One sentence naming the operation, copy, file, offset and error.</param>
/// <param name="Copy">The copy ("primary"/"secondary"), if the fault is tied to one.</param>
/// <param name="FilePath">The file, if known.</param>
/// <param name="Offset">The file offset, or -1.</param>
/// <param name="Errno">The errno, or 0 (short write, read-back mismatch, other).</param>
internal sealed record LogFault(string Cause, string? Copy, string? FilePath, long Offset, int Errno)
{
    /// <summary>The exception for an append that was queued or in flight when the log faulted.</summary>
    internal LogFaultedException ForPendingAppend(long sequence) => new(
        string.Create(
            CultureInfo.InvariantCulture,
            $"The log faulted: {Cause} The outcome of this append (sequence {sequence}) is unknown: the record may or may not be durable. ")
            + "Nothing is retried; reopen the log to recover from what is on disk.",
        Copy,
        FilePath,
        Offset,
        Errno,
        null);

    /// <summary>The exception for an append made after the log faulted.</summary>
    internal LogFaultedException ForLaterAppend() => new(
        $"The log is faulted and accepts no appends: {Cause} This record was not written. The outcome of the appends in flight at the fault "
            + "is unknown (they may or may not be durable). Reopen the log to recover from what is on disk.",
        Copy,
        FilePath,
        Offset,
        Errno,
        null);

    /// <summary>A fault from a failed file-system call.</summary>
    internal static LogFault From(string what, string? copy, StorageException error) =>
        new(what + ": " + error.Message, copy, error.PathName, error.Offset, error.Errno);
}
