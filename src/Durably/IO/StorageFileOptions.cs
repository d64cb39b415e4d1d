namespace Durably.IO;

/// <summary>How a file is opened.</summary>
[Flags]
internal enum StorageFileOptions
{
    /// <summary>Buffered read-write.</summary>
    None = 0,

    /// <summary>Read only.</summary>
    ReadOnly = 1,

    /// <summary>
    /// O_DIRECT: transfers bypass the page cache and must be aligned. A file system that refuses
    /// it (EINVAL) gets the file without it; <see cref="StorageFile.IsDirect"/> says which.
    /// </summary>
    Direct = 2,

    /// <summary>O_DSYNC: every write returns only once its data is on stable storage.</summary>
    DataSync = 4,
}
