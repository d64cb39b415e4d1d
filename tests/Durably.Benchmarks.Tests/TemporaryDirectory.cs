namespace Durably.Benchmarks.Tests;

/// <summary>A fresh directory under the temp path, deleted on dispose; others may traverse it (a server run as another user lives inside).</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    internal TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("durably-bench-test-").FullName;
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(Path, File.GetUnixFileMode(Path) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    internal string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
