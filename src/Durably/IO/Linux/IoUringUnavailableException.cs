using System.Globalization;

namespace Durably.IO.Linux;

/// <summary>
/// io_uring cannot be used in this process. <see cref="Exception.Message"/> is written to be shown as-is in
/// the log's status (for example <c>io_uring unavailable: EPERM (seccomp or kernel.io_uring_disabled)</c>),
/// and the log falls back to the portable engine.
/// </summary>
internal sealed class IoUringUnavailableException : IoUringException
{
    private const string DisabledSettingPath = "/proc/sys/kernel/io_uring_disabled";

    private IoUringUnavailableException(string message, int errno, IoUringUnavailableReason reason)
        : base(message, errno) => Reason = reason;

    /// <summary>The classified cause.</summary>
    public IoUringUnavailableReason Reason { get; }

    /// <summary>The process cannot use the raw syscall binding at all.</summary>
    public static IoUringUnavailableException UnsupportedPlatform() => new(
        string.Create(
            CultureInfo.InvariantCulture,
            $"io_uring unavailable: unsupported platform ({System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}); needs Linux on x86_64 or arm64"),
        0,
        IoUringUnavailableReason.UnsupportedPlatform);

    /// <summary>Classifies a failed <c>io_uring_setup</c>, reading <c>kernel.io_uring_disabled</c> to explain EPERM.</summary>
    /// <param name="errno">The positive errno from the last setup attempt.</param>
    /// <param name="attempted">Every flag set tried, in order (EINVAL moves to the next).</param>
    public static IoUringUnavailableException FromSetupFailure(int errno, IReadOnlyList<IoUringSetupOptions> attempted) =>
        FromSetupFailure(errno, attempted, ReadDisabledSetting());

    /// <summary>Classifies a failed <c>io_uring_setup</c> given the value of <c>kernel.io_uring_disabled</c> (null when unknown).</summary>
    public static IoUringUnavailableException FromSetupFailure(int errno, IReadOnlyList<IoUringSetupOptions> attempted, string? disabledSetting)
    {
        ArgumentNullException.ThrowIfNull(attempted);
        string name = IO.Errno.Name(errno);
        (IoUringUnavailableReason reason, string explanation) = errno switch
        {
            IO.Errno.EPERM => (IoUringUnavailableReason.Blocked, ExplainPermissionDenied(disabledSetting)),
            IO.Errno.ENOSYS => (IoUringUnavailableReason.NotImplemented, "kernel too old or built without io_uring"),
            IO.Errno.EINVAL => (IoUringUnavailableReason.SetupRejected, "setup flags rejected; tried " + DescribeAttempts(attempted)),
            IO.Errno.ENOMEM => (IoUringUnavailableReason.OutOfResources, "no memory for the rings; check RLIMIT_MEMLOCK"),
            IO.Errno.EMFILE or IO.Errno.ENFILE => (IoUringUnavailableReason.OutOfResources, "too many open files"),
            _ => (IoUringUnavailableReason.Failed, "io_uring_setup failed"),
        };
        return new IoUringUnavailableException($"io_uring unavailable: {name} ({explanation})", errno, reason);
    }

    /// <summary>The ring was created but could not be mapped or checked; it has been closed.</summary>
    public static IoUringUnavailableException FromInitializationFailure(IoUringException cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new IoUringUnavailableException("io_uring unavailable: " + cause.Message, cause.Errno, IoUringUnavailableReason.Failed);
    }

    private static string ExplainPermissionDenied(string? disabledSetting) => disabledSetting switch
    {
        "1" => "seccomp or kernel.io_uring_disabled; kernel.io_uring_disabled = 1 allows only members of kernel.io_uring_group",
        "2" => "seccomp or kernel.io_uring_disabled; kernel.io_uring_disabled = 2 disables io_uring for everyone",
        "0" => "seccomp or kernel.io_uring_disabled; kernel.io_uring_disabled = 0, so most likely a seccomp filter such as a container's default profile",
        _ => "seccomp or kernel.io_uring_disabled",
    };

    private static string DescribeAttempts(IReadOnlyList<IoUringSetupOptions> attempted) =>
        attempted.Count == 0 ? "nothing" : string.Join(", then ", attempted.Select(flags => "[" + flags.ToString() + "]"));

    private static string? ReadDisabledSetting()
    {
        try
        {
            return File.Exists(DisabledSettingPath) ? File.ReadAllText(DisabledSettingPath).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
