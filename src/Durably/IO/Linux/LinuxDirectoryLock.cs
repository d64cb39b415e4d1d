namespace Durably.IO.Linux;

/// <summary>A held flock on a lock file; closing the descriptor releases it.</summary>
internal sealed class LinuxDirectoryLock : DirectoryLock
{
    private readonly LinuxStorageFile _file;

    internal LinuxDirectoryLock(LinuxStorageFile file) => _file = file;

    internal override string Path => _file.Path;

    public override void Dispose() => _file.Dispose();
}
