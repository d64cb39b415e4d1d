using System.Globalization;
using Durably.IO;

namespace Durably.Storage.Snapshots;

/// <summary>
/// Writes and reads one copy of a snapshot file with the log's discipline: a temporary name,
/// O_DIRECT where the file system takes it, fsync, rename, directory fsync, and a read-back
/// compared byte for byte before the copy counts.
/// </summary>
internal static class SnapshotCopyIo
{
    /// <summary>
    /// Writes <paramref name="image"/> as the snapshot file of its sequence in <paramref name="copy"/>,
    /// replacing a file of that name (only ever one of the same sequence of the same log), and
    /// verifies it. Throws <see cref="StorageException"/> on any failure (a read-back that differs too);
    /// the temporary file is then removed (best effort).
    /// </summary>
    internal static void Write(StorageFileSystem fileSystem, LogCopyLocation copy, SnapshotImage image, int alignment)
    {
        long sequence = image.Header.Sequence;
        string temporary = copy.PathOf(SnapshotFileName.TemporaryFor(sequence));
        string final = copy.PathOf(SnapshotFileName.For(sequence));
        try
        {
            fileSystem.Delete(temporary);
            using (StorageFile file = fileSystem.Open(temporary, StorageOpenMode.CreateNew, StorageFileOptions.Direct))
            {
                file.Allocate(image.Length);
                file.Write(0, image.Bytes);
                file.Sync();
            }

            fileSystem.Rename(temporary, final, replaceExisting: true);
            fileSystem.SyncDirectory(copy.Directory);
        }
        catch
        {
            TryDelete(fileSystem, temporary);
            throw;
        }

        using SnapshotImage? back = Read(fileSystem, copy, sequence, alignment, out string? problem);
        if (back is null || !back.Bytes.SequenceEqual(image.Bytes))
        {
            // A storage error like any other, so opening reports it as LogIoException (copy and path) and a snapshot as DurableSnapshotException.
            throw new StorageException("read-back", final, -1, 0, string.Create(
                CultureInfo.InvariantCulture,
                $"the {copy.Name}'s snapshot does not read back as written ({problem ?? "different bytes"})"));
        }
    }

    /// <summary>Reads and verifies one copy; null with the problem when it is missing, unreadable or damaged.</summary>
    internal static SnapshotImage? Read(StorageFileSystem fileSystem, LogCopyLocation copy, long sequence, int alignment, out string? problem)
    {
        string path = copy.PathOf(SnapshotFileName.For(sequence));
        AlignedBuffer? buffer = null;
        try
        {
            using StorageFile file = fileSystem.Open(path, StorageOpenMode.OpenExisting, StorageFileOptions.ReadOnly | StorageFileOptions.Direct);
            long length = file.Length;
            if (length < alignment || !BitOperationsFacts.IsAligned(length, alignment) || length > int.MaxValue - alignment)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"file length {length} is not a whole number of {alignment}-byte blocks");
                return null;
            }

            buffer = new AlignedBuffer((int)length, alignment);
            int read = file.Read(0, buffer.Span);
            if (read != length)
            {
                problem = "short read";
                buffer.Dispose();
                return null;
            }

            SnapshotImage? image = SnapshotImage.TryVerify(buffer, read, sequence, out problem);
            if (image is null)
            {
                buffer.Dispose();
            }

            return image;
        }
        catch (StorageException e)
        {
            buffer?.Dispose();
            problem = "unreadable: " + e.Message;
            return null;
        }
    }

    /// <summary>Deletes a file, ignoring failures (the caller is already failing or cleaning up).</summary>
    internal static void TryDelete(StorageFileSystem fileSystem, string path)
    {
        try
        {
            fileSystem.Delete(path);
        }
        catch (StorageException)
        {
            // Left for recovery, which deletes leftover temporaries.
        }
    }
}
