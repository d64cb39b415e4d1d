namespace Durably.IO;

/// <summary>An exclusive lock on a log directory, held until disposed (or the process dies).</summary>
internal abstract class DirectoryLock : IDisposable
{
    /// <summary>The lock file's path.</summary>
    internal abstract string Path { get; }

    /// <summary>Releases the lock.</summary>
    public abstract void Dispose();
}
