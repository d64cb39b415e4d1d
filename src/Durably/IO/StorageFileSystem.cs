namespace Durably.IO;

/// <summary>
/// Directory-level operations the log needs, with POSIX semantics: a create, rename or delete is
/// durable only after <see cref="SyncDirectory"/> on the directory holding the entry.
/// </summary>
internal abstract class StorageFileSystem
{
    /// <summary>True if the directory exists.</summary>
    internal abstract bool DirectoryExists(string path);

    /// <summary>Creates the directory and any missing parents, each made durable in its parent.</summary>
    internal abstract void CreateDirectory(string path);

    /// <summary>The names (not paths) of the regular files in a directory.</summary>
    internal abstract IReadOnlyList<string> ListFiles(string directory);

    /// <summary>Opens a file.</summary>
    internal abstract StorageFile Open(string path, StorageOpenMode mode, StorageFileOptions options);

    /// <summary>
    /// Atomically renames a file within a directory. Unless <paramref name="replaceExisting"/>, an existing
    /// destination is refused with a <see cref="StorageException"/> carrying EEXIST (a new segment's name
    /// already taken means something is wrong, and overwriting it could destroy acknowledged records);
    /// with it, the destination is atomically replaced (recovery replacing a damaged file it rebuilt).
    /// </summary>
    internal abstract void Rename(string source, string destination, bool replaceExisting);

    /// <summary>Deletes a file; succeeds if it is already gone.</summary>
    internal abstract void Delete(string path);

    /// <summary>fsync on the directory: makes its entries' creates, renames and deletes durable.</summary>
    internal abstract void SyncDirectory(string path);

    /// <summary>
    /// Takes an exclusive, non-blocking lock (flock LOCK_EX|LOCK_NB) on a lock file, creating
    /// it, and records this process in it. Returns null if another process holds it, with
    /// <paramref name="holder"/> describing the holder as recorded in the file (if readable).
    /// </summary>
    internal abstract DirectoryLock? TryLock(string lockFilePath, out string? holder);

    /// <summary>The device under a directory and its O_DIRECT alignment.</summary>
    internal abstract StorageDeviceInfo ProbeDevice(string directory);

    /// <summary>
    /// What makes a directory itself, whatever path reaches it: device and inode (<c>"8:1/1234"</c>).
    /// Two paths with the same identity are one directory (a symlink, a bind mount).
    /// </summary>
    internal abstract string IdentifyDirectory(string directory);
}
