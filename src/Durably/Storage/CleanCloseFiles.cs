using Durably.IO;
using Durably.Storage.Format;

namespace Durably.Storage;

/// <summary>
/// Writes, reads and deletes the clean-close record (<see cref="CleanCloseRecord"/>) in every
/// copy's directory. Written atomically (temporary file, fsync, rename, directory fsync) by a
/// clean close; read by recovery; deleted, with the directory fsynced, before a reopened log
/// accepts appends, so a crash after that is never taken for a clean close.
/// </summary>
internal static class CleanCloseFiles
{
    private const string TemporaryName = CleanCloseRecord.FileName + ".tmp";

    internal static void Write(StorageFileSystem fileSystem, IReadOnlyList<LogCopyLocation> copies, CleanCloseRecord record)
    {
        Span<byte> bytes = stackalloc byte[CleanCloseRecord.Size];
        record.WriteTo(bytes);
        foreach (LogCopyLocation copy in copies)
        {
            string temporary = copy.PathOf(TemporaryName);
            fileSystem.Delete(temporary);
            using (StorageFile file = fileSystem.Open(temporary, StorageOpenMode.CreateNew, StorageFileOptions.None))
            {
                file.Write(0, bytes);
                file.Sync();
            }

            fileSystem.Rename(temporary, copy.PathOf(CleanCloseRecord.FileName), replaceExisting: true);
            fileSystem.SyncDirectory(copy.Directory);
        }
    }

    /// <summary>
    /// The record with the highest sequence among the intact ones of this log (of any log when
    /// <paramref name="logId"/> is null), or null. A
    /// damaged record, or one of another log, counts as none: a clean close is then not
    /// known, and recovery applies the crash rules.
    /// </summary>
    internal static CleanCloseRecord? Read(StorageFileSystem fileSystem, IReadOnlyList<LogCopyLocation> copies, LogId? logId)
    {
        CleanCloseRecord? found = null;
        Span<byte> bytes = stackalloc byte[CleanCloseRecord.Size];
        foreach (LogCopyLocation copy in copies)
        {
            string path = copy.PathOf(CleanCloseRecord.FileName);
            if (!fileSystem.ListFiles(copy.Directory).Contains(CleanCloseRecord.FileName))
            {
                continue;
            }

            CleanCloseRecord? record;
            using (StorageFile file = fileSystem.Open(path, StorageOpenMode.OpenExisting, StorageFileOptions.ReadOnly))
            {
                if (file.Length != CleanCloseRecord.Size)
                {
                    continue;
                }

                bytes.Clear();
                try
                {
                    record = file.Read(0, bytes) == CleanCloseRecord.Size ? CleanCloseRecord.TryRead(bytes) : null;
                }
                catch (StorageException)
                {
                    record = null; // unreadable: as if absent
                }
            }

            if (record is { } r && (logId is null || r.LogId == logId) && (found is null || r.LastSequence > found.Value.LastSequence))
            {
                found = r;
            }
        }

        return found;
    }

    /// <summary>Deletes the record (and a leftover temporary) from every copy, fsyncing each directory that held one.</summary>
    internal static void Delete(StorageFileSystem fileSystem, IReadOnlyList<LogCopyLocation> copies)
    {
        foreach (LogCopyLocation copy in copies)
        {
            IReadOnlyList<string> names = fileSystem.ListFiles(copy.Directory);
            bool any = false;
            foreach (string name in new[] { CleanCloseRecord.FileName, TemporaryName })
            {
                if (names.Contains(name))
                {
                    fileSystem.Delete(copy.PathOf(name));
                    any = true;
                }
            }

            if (any)
            {
                fileSystem.SyncDirectory(copy.Directory);
            }
        }
    }
}
