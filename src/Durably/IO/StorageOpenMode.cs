namespace Durably.IO;

/// <summary>Whether <see cref="StorageFileSystem.Open"/> creates the file.</summary>
internal enum StorageOpenMode
{
    /// <summary>The file must exist (ENOENT otherwise).</summary>
    OpenExisting,

    /// <summary>The file must not exist and is created empty (EEXIST otherwise).</summary>
    CreateNew,

    /// <summary>Opens the file, creating it empty if absent.</summary>
    OpenOrCreate,
}
