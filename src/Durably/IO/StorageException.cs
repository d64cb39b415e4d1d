using System.Globalization;

namespace Durably.IO;

/// <summary>
/// A failed file-system call: which call, on which path and offset, with which errno. The log
/// turns it into the public exception that fits (faulted, full, corrupt, locked).
/// </summary>
internal sealed class StorageException : IOException
{
    internal StorageException(string operation, string path, long offset, int errno, string? detail = null)
        : base(Format(operation, path, offset, errno, detail))
    {
        Operation = operation;
        PathName = path;
        Offset = offset;
        Errno = errno;
        HResult = errno;
    }

    /// <summary>The call that failed, e.g. <c>pwrite</c>.</summary>
    internal string Operation { get; }

    /// <summary>The file or directory.</summary>
    internal string PathName { get; }

    /// <summary>The file offset, or -1 when the call has none.</summary>
    internal long Offset { get; }

    /// <summary>The errno; 0 for a failure that is not an errno (a short write).</summary>
    internal int Errno { get; }

    /// <summary>
    /// True if the call failed for lack of space: ENOSPC or EDQUOT, unless it came from writing
    /// into space that was already reserved (then the device failed; the file system is not full).
    /// </summary>
    internal bool IsNoSpace => IO.Errno.IsNoSpace(Errno) && !InReservedSpace;

    /// <summary>True when the call wrote into space fallocate had already reserved.</summary>
    internal bool InReservedSpace { get; init; }

    private static string Format(string operation, string path, long offset, int errno, string? detail)
    {
        string where = offset >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"{path} at offset {offset}")
            : path;
        string why = errno != 0 ? IO.Errno.Describe(errno) : "no errno";
        return detail is null
            ? $"{operation} on {where} failed: {why}."
            : $"{operation} on {where} failed: {why}; {detail}.";
    }
}
