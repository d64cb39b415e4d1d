using System.Runtime.InteropServices;

namespace Durably.IO;

/// <summary>
/// The one table of Linux errno values the log, the engines and the ring act on or name in their
/// messages, with what a user should do about each. Values are the generic Linux ones
/// (identical on x86-64 and Arm64).
/// </summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int EIO = 5;
    internal const int EBADF = 9;
    internal const int EAGAIN = 11;
    internal const int ENOMEM = 12;
    internal const int EACCES = 13;
    internal const int EFAULT = 14;
    internal const int EBUSY = 16;
    internal const int EEXIST = 17;
    internal const int ENOTDIR = 20;
    internal const int EISDIR = 21;
    internal const int EINVAL = 22;
    internal const int ENFILE = 23;
    internal const int EMFILE = 24;
    internal const int EFBIG = 27;
    internal const int ENOSPC = 28;
    internal const int EROFS = 30;
    internal const int ENOSYS = 38;
    internal const int EBADR = 53;
    internal const int EOPNOTSUPP = 95;
    internal const int EDQUOT = 122;
    internal const int ECANCELED = 125;

    /// <summary>The symbolic name, e.g. <c>EIO</c>, or <c>errno 77</c> for one not listed here.</summary>
    internal static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        EINTR => "EINTR",
        EIO => "EIO",
        EBADF => "EBADF",
        EAGAIN => "EAGAIN",
        ENOMEM => "ENOMEM",
        EACCES => "EACCES",
        EFAULT => "EFAULT",
        EBUSY => "EBUSY",
        EEXIST => "EEXIST",
        ENOTDIR => "ENOTDIR",
        EISDIR => "EISDIR",
        EINVAL => "EINVAL",
        ENFILE => "ENFILE",
        EMFILE => "EMFILE",
        EFBIG => "EFBIG",
        ENOSPC => "ENOSPC",
        EROFS => "EROFS",
        ENOSYS => "ENOSYS",
        EBADR => "EBADR",
        EOPNOTSUPP => "EOPNOTSUPP",
        EDQUOT => "EDQUOT",
        ECANCELED => "ECANCELED",
        _ => "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Name and the C library's text, e.g. <c>EIO (Input/output error)</c>.</summary>
    internal static string Describe(int errno) => Name(errno) + " (" + Marshal.GetPInvokeErrorMessage(errno) + ")";

    /// <summary>What a user should do about a failed file-system call with this errno, or null when there is nothing specific to say.</summary>
    internal static string? Advice(int errno) => errno switch
    {
        EACCES or EPERM => "the process may not access it: check the owner and permissions of the directory and of every file in it "
            + "(the log needs to read and write both, including durably.lock)",
        ENOTDIR => "a part of the path is a file, not a directory: give a directory",
        EISDIR => "a directory is where the log expects a file: remove or rename it",
        EROFS => "the file system is read-only (mounted read-only, or remounted read-only by the kernel after an I/O error): "
            + "check the disk (dmesg), then remount it read-write",
        ENOSPC or EDQUOT => "the file system is full (or the quota is reached): free space",
        EIO => "the device reported an I/O error: check the disk (dmesg, SMART); the other copy may still hold the data",
        ENOENT => "a part of the path does not exist",
        EMFILE or ENFILE => "too many open files: raise the limit (ulimit -n)",
        _ => null,
    };

    /// <summary>True for the errors that mean "out of space" (a full file system or a quota).</summary>
    internal static bool IsNoSpace(int errno) => errno is ENOSPC or EDQUOT;
}
