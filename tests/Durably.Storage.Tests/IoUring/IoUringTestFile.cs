using System.Runtime.InteropServices;

namespace Durably.Storage.Tests.IoUring;

/// <summary>A real file opened with open(2), so tests can ask for O_DIRECT, and closed on dispose.</summary>
internal sealed partial class IoUringTestFile : IDisposable
{
    private const int ReadWrite = 0x2;
    private const int Create = 0x40;
    private const int Truncate = 0x200;
    private const int CloseOnExec = 0x80000;

    private IoUringTestFile(string path, int descriptor)
    {
        Path = path;
        Descriptor = descriptor;
    }

    public string Path { get; }

    public int Descriptor { get; private set; }

    // O_DIRECT is one of the few open flags whose value differs between x86_64 and arm64.
    private static int DirectFlag => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x10000 : 0x4000;

    /// <summary>Creates (or truncates) <paramref name="path"/> for reading and writing.</summary>
    public static IoUringTestFile Open(string path, bool direct)
    {
        int flags = ReadWrite | Create | Truncate | CloseOnExec | (direct ? DirectFlag : 0);
        int descriptor = OpenFile(path, flags, 0x1A4 /* 0644 */);
        return descriptor >= 0
            ? new IoUringTestFile(path, descriptor)
            : throw new IOException($"open({path}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    public byte[] ReadAllBytes() => File.ReadAllBytes(Path);

    public void Dispose()
    {
        if (Descriptor >= 0)
        {
            _ = CloseFile(Descriptor);
            Descriptor = -1;
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseFile(int descriptor);
}
