using System.Globalization;

namespace Durably.IO.Linux;

/// <summary>The errno values the ring reasons about (identical on x86_64 and arm64), and their names for messages.</summary>
internal static class IoUringErrno
{
    /// <summary>Operation not permitted.</summary>
    public const int EPERM = 1;

    /// <summary>Interrupted system call.</summary>
    public const int EINTR = 4;

    /// <summary>I/O error.</summary>
    public const int EIO = 5;

    /// <summary>Bad file descriptor.</summary>
    public const int EBADF = 9;

    /// <summary>Try again.</summary>
    public const int EAGAIN = 11;

    /// <summary>Out of memory.</summary>
    public const int ENOMEM = 12;

    /// <summary>Bad address.</summary>
    public const int EFAULT = 14;

    /// <summary>Device or resource busy.</summary>
    public const int EBUSY = 16;

    /// <summary>File exists (also: a SINGLE_ISSUER ring entered from a foreign thread).</summary>
    public const int EEXIST = 17;

    /// <summary>Invalid argument.</summary>
    public const int EINVAL = 22;

    /// <summary>Too many open files in the system.</summary>
    public const int ENFILE = 23;

    /// <summary>Too many open files.</summary>
    public const int EMFILE = 24;

    /// <summary>File too large.</summary>
    public const int EFBIG = 27;

    /// <summary>No space left on device.</summary>
    public const int ENOSPC = 28;

    /// <summary>Function not implemented.</summary>
    public const int ENOSYS = 38;

    /// <summary>Invalid request descriptor (io_uring: completions were dropped).</summary>
    public const int EBADR = 53;

    /// <summary>Operation not supported.</summary>
    public const int EOPNOTSUPP = 95;

    /// <summary>Operation canceled (io_uring: a linked predecessor failed or was short).</summary>
    public const int ECANCELED = 125;

    /// <summary>The symbolic name of <paramref name="errno"/> (positive), or <c>errno N</c> when it is not one the ring names.</summary>
    public static string Name(int errno) => errno switch
    {
        EPERM => nameof(EPERM),
        EINTR => nameof(EINTR),
        EIO => nameof(EIO),
        EBADF => nameof(EBADF),
        EAGAIN => nameof(EAGAIN),
        ENOMEM => nameof(ENOMEM),
        EFAULT => nameof(EFAULT),
        EBUSY => nameof(EBUSY),
        EEXIST => nameof(EEXIST),
        EINVAL => nameof(EINVAL),
        ENFILE => nameof(ENFILE),
        EMFILE => nameof(EMFILE),
        EFBIG => nameof(EFBIG),
        ENOSPC => nameof(ENOSPC),
        ENOSYS => nameof(ENOSYS),
        EBADR => nameof(EBADR),
        EOPNOTSUPP => nameof(EOPNOTSUPP),
        ECANCELED => nameof(ECANCELED),
        _ => "errno " + errno.ToString(CultureInfo.InvariantCulture),
    };
}
