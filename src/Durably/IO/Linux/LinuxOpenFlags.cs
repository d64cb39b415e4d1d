using System.Runtime.InteropServices;

namespace Durably.IO.Linux;

/// <summary>
/// open(2) flag values. O_DIRECT and O_DIRECTORY differ between x86-64 and Arm64, so they are
/// chosen for the running architecture; other architectures are refused rather than guessed.
/// </summary>
internal static class LinuxOpenFlags
{
    internal const int ReadOnly = 0;
    internal const int ReadWrite = 2;
    internal const int Create = 0x40;
    internal const int Exclusive = 0x80;
    internal const int DataSync = 0x1000;
    internal const int CloseOnExec = 0x80000;

    /// <summary>O_DIRECT for this architecture.</summary>
    internal static int Direct { get; } = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 0x4000,
        Architecture.Arm64 => 0x10000,
        _ => 0,
    };

    /// <summary>O_DIRECTORY for this architecture.</summary>
    internal static int Directory { get; } = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 0x10000,
        Architecture.Arm64 => 0x4000,
        _ => 0,
    };

    /// <summary>Throws unless the flags above are known for this OS and architecture.</summary>
    internal static void EnsureSupported()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Durably's log needs Linux (open/pwrite/fdatasync/flock/statx).");
        }

        if (Direct == 0)
        {
            throw new PlatformNotSupportedException(
                $"Durably's log knows the open(2) flags of x86-64 and Arm64, not {RuntimeInformation.ProcessArchitecture}.");
        }
    }
}
