using System.Globalization;
using System.Text;
using Durably.IO;
using Durably.IO.Linux;
using Durably.Storage.Format;

namespace Durably.Tool.Inspection;

/// <summary>
/// Finds out whether a log directory's lock is held, without taking it: the kernel lists every
/// flock in /proc/locks by device and inode. Taking even a shared lock would make a process that
/// opens the log at that moment fail with LogLockedException, so the tool only looks.
/// </summary>
internal static class LockProbe
{
    private const string ProcLocks = "/proc/locks";

    /// <summary>The holders of <paramref name="directory"/>'s lock file (empty when nobody has the log open).</summary>
    internal static IReadOnlyList<LockHolder> Holders(string directory)
    {
        string path = Path.Combine(directory, SegmentFileName.LockFile);
        if (!File.Exists(path) || !File.Exists(ProcLocks) || !TryIdentify(path, out string fileKey))
        {
            return [];
        }

        string? holderText = ReadHolderText(path);
        var holders = new List<LockHolder>();
        foreach (string line in File.ReadLines(ProcLocks))
        {
            // "1: FLOCK  ADVISORY  WRITE 9039 fe:00:11658408 0 EOF"; waiters are listed as "1: -> FLOCK ...".
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[1] != "FLOCK" || fields[5] != fileKey
                || !int.TryParse(fields[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            holders.Add(new LockHolder(directory, pid, ProcessName(pid), holderText));
        }

        return holders;
    }

    /// <summary>The "major:minor:inode" key /proc/locks uses for a file (major and minor in hex).</summary>
    private static unsafe bool TryIdentify(string path, out string key)
    {
        byte* buffer = stackalloc byte[LinuxSystemCalls.StatxBufferSize];
        if (LinuxSystemCalls.Statx(LinuxSystemCalls.AtCurrentDirectory, path, 0, LinuxSystemCalls.StatxBasicStats, buffer) != 0)
        {
            key = string.Empty;
            return false;
        }

        ulong inode = *(ulong*)(buffer + 0x20);
        uint major = *(uint*)(buffer + 0x88);
        uint minor = *(uint*)(buffer + 0x8C);
        key = string.Create(CultureInfo.InvariantCulture, $"{major:x2}:{minor:x2}:{inode}");
        return true;
    }

    private static string? ReadHolderText(string path)
    {
        // A plain read-only open: a FileStream would take a shared flock on the file (how .NET
        // emulates FileShare on Unix), which would make the log's own opener fail meanwhile.
        Span<byte> text = stackalloc byte[256];
        try
        {
            using StorageFile file = new LinuxFileSystem().Open(path, StorageOpenMode.OpenExisting, StorageFileOptions.ReadOnly);
            int length = file.Read(0, text);
            string holder = Encoding.UTF8.GetString(text[..length]).Trim();
            return holder.Length == 0 ? null : holder;
        }
        catch (StorageException)
        {
            return null;
        }
    }

    private static string? ProcessName(int pid)
    {
        try
        {
            string commandLine = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/cmdline")).Replace('\0', ' ').Trim();
            return commandLine.Length > 0 ? commandLine : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
