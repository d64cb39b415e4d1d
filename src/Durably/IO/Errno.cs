using System.Runtime.InteropServices;

namespace Durably.IO;

/// <summary>
/// The Linux errno values the log acts on or names in its messages. Values are the generic Linux
/// ones (identical on x86-64 and Arm64).
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
    internal const int EEXIST = 17;
    internal const int ENOTDIR = 20;
    internal const int EINVAL = 22;
    internal const int ENOSPC = 28;
    internal const int EROFS = 30;
    internal const int ENOSYS = 38;
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
        EEXIST => "EEXIST",
        ENOTDIR => "ENOTDIR",
        EINVAL => "EINVAL",
        ENOSPC => "ENOSPC",
        EROFS => "EROFS",
        ENOSYS => "ENOSYS",
        EOPNOTSUPP => "EOPNOTSUPP",
        EDQUOT => "EDQUOT",
        ECANCELED => "ECANCELED",
        _ => "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Name and the C library's text, e.g. <c>EIO (Input/output error)</c>.</summary>
    internal static string Describe(int errno) => Name(errno) + " (" + Marshal.GetPInvokeErrorMessage(errno) + ")";

    /// <summary>True for the errors that mean "out of space" (a full file system or a quota).</summary>
    internal static bool IsNoSpace(int errno) => errno is ENOSPC or EDQUOT;
}
