using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary>
/// The C library calls the Portable engine and the Linux file system make, bound directly
/// (no runtime shim) so that flags such as O_DIRECT and calls such as fdatasync, flock and statx
/// are exactly the ones named in the design. All set errno; read it with
/// <see cref="Marshal.GetLastPInvokeError"/>.
/// </summary>
internal static unsafe partial class LinuxSystemCalls
{
    // The runtime maps "libc" to the C library of the running system (libc.so.6 on glibc).
    private const string Libc = "libc";

    internal const int AtCurrentDirectory = -100;
    internal const int LockExclusive = 2;
    internal const int LockNonBlocking = 4;
    internal const int LockUnlock = 8;
    internal const uint StatxBasicStats = 0x7FF;
    internal const uint StatxDirectIoAlignment = 0x2000;
    internal const int StatxBufferSize = 256;
    internal const int ResourceMemoryLock = 8; // RLIMIT_MEMLOCK (x86-64 and Arm64)
    internal const uint RenameNoReplace = 1;   // RENAME_NOREPLACE

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Libc, EntryPoint = "pread", SetLastError = true)]
    internal static partial nint PRead(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Libc, EntryPoint = "pwrite", SetLastError = true)]
    internal static partial nint PWrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Libc, EntryPoint = "fdatasync", SetLastError = true)]
    internal static partial int FDataSync(int fd);

    [LibraryImport(Libc, EntryPoint = "fsync", SetLastError = true)]
    internal static partial int FSync(int fd);

    [LibraryImport(Libc, EntryPoint = "fallocate", SetLastError = true)]
    internal static partial int FAllocate(int fd, int mode, long offset, long length);

    [LibraryImport(Libc, EntryPoint = "ftruncate", SetLastError = true)]
    internal static partial int FTruncate(int fd, long length);

    [LibraryImport(Libc, EntryPoint = "flock", SetLastError = true)]
    internal static partial int FLock(int fd, int operation);

    [LibraryImport(Libc, EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int RenameAt2(int oldDirectoryFd, string oldPath, int newDirectoryFd, string newPath, uint flags);

    [LibraryImport(Libc, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Link(string existingPath, string newPath);

    [LibraryImport(Libc, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Unlink(string path);

    [LibraryImport(Libc, EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MakeDirectory(string path, uint mode);

    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    /// <summary>The <c>struct statfs</c> buffer size (120 bytes on x86-64 and Arm64; rounded up).</summary>
    internal const int StatfsBufferSize = 128;

    [LibraryImport(Libc, EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statfs(string path, byte* buffer);

    [LibraryImport(Libc, EntryPoint = "getrlimit", SetLastError = true)]
    internal static partial int GetResourceLimit(int resource, ResourceLimit* limit);

    /// <summary>The errno of the last call above on this thread.</summary>
    internal static int LastErrno => Marshal.GetLastPInvokeError();
}
