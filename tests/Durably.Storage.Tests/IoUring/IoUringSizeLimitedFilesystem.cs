using System.Globalization;
using System.Runtime.InteropServices;

namespace Durably.Storage.Tests.IoUring;

/// <summary>
/// A tmpfs mounted with a small <c>size=</c> limit on a fresh temp directory: writing past its free space
/// makes the kernel's write path stop at the last page it could allocate, which is a genuine short write.
/// Needs CAP_SYS_ADMIN (root); unmounted (lazily) and removed on dispose.
/// </summary>
internal sealed partial class IoUringSizeLimitedFilesystem : IDisposable
{
    private const int DetachLazily = 2; // MNT_DETACH

    private IoUringSizeLimitedFilesystem(string mountPoint) => MountPoint = mountPoint;

    public string MountPoint { get; }

    public static bool CanMount => GetEffectiveUserId() == 0;

    public static IoUringSizeLimitedFilesystem Mount(int sizeBytes)
    {
        string mountPoint = Directory.CreateTempSubdirectory("durably-uring-tmpfs-").FullName;
        string options = "size=" + sizeBytes.ToString(CultureInfo.InvariantCulture) + ",mode=0700";
        if (MountFilesystem("tmpfs", mountPoint, "tmpfs", 0, options) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            Directory.Delete(mountPoint);
            throw new IOException($"mount -t tmpfs -o {options} {mountPoint} failed with errno {errno}");
        }

        return new IoUringSizeLimitedFilesystem(mountPoint);
    }

    public void Dispose()
    {
        _ = UnmountFilesystem(MountPoint, DetachLazily);
        try
        {
            Directory.Delete(MountPoint, recursive: true);
        }
        catch (IOException)
        {
            // A lazily detached mount can keep the directory busy for a moment; the temp directory is harmless.
        }
    }

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountFilesystem(string source, string target, string type, nuint flags, string data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnmountFilesystem(string target, int flags);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
