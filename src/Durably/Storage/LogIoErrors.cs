using Durably.IO;

namespace Durably.Storage;

/// <summary>
/// Turns an internal <see cref="StorageException"/> into the public <see cref="LogIoException"/>
/// at the log's edge: the call, path, copy (found from the path) and errno, with what to do
/// (<see cref="Errno.Advice"/>).
/// </summary>
internal static class LogIoErrors
{
    internal static LogIoException ToPublic(StorageException error, IReadOnlyList<LogCopyLocation> copies, string doing)
    {
        LogCopyLocation? copy = CopyOf(error.PathName, copies);
        string where = copy is null ? string.Empty : " (the " + copy.Name + " copy)";
        string? advice = Errno.Advice(error.Errno);
        string message = $"{doing} failed{where}: {error.Message}" + (advice is null ? string.Empty : " What to do: " + advice + ".");
        return new LogIoException(message, error.Operation, error.PathName, copy?.Name, error.Offset, error.Errno, Errno.Name(error.Errno), error);
    }

    private static LogCopyLocation? CopyOf(string path, IReadOnlyList<LogCopyLocation> copies)
    {
        string full = Path.GetFullPath(path).TrimEnd('/');
        foreach (LogCopyLocation copy in copies)
        {
            string directory = copy.Directory.TrimEnd('/');
            if (full == directory || full.StartsWith(directory + "/", StringComparison.Ordinal))
            {
                return copy;
            }
        }

        return null;
    }
}
