using Durably.Storage.Tests.Processes;

namespace Durably.Storage.Tests.IoUring;

/// <summary>
/// io_uring pins registered buffers, and unless the process has CAP_IPC_LOCK they count against
/// RLIMIT_MEMLOCK (64 KiB on older distributions and in some containers; 8 MiB on newer systems, which
/// two logs with 1 MiB frames, two frames in flight and read-back already exceed). The log's buffers are registered while it
/// opens: under Auto a refusal falls back to the Portable engine and says why; a requested io_uring engine
/// fails with the limit named and gives back its locks. Both checked against the real kernel, in a child
/// process started with a 64 KiB limit and without CAP_IPC_LOCK.
/// </summary>
public sealed class IoUringMemoryLockTests
{
    private const string LimitedMemoryLock = "--memlock=65536:65536";

    [IoUringFact(NeedsLockedMemoryLimit = true)]
    public async Task Under_a_small_locked_memory_limit_Auto_falls_back_to_portable_and_a_requested_io_uring_fails_and_unlocks()
    {
        using var dirs = new TemporaryLogDirectories();

        (int exit, string output) = RunChild(dirs, dropLockCapability: true, "io_uring", "auto");
        Assert.True(exit == 0, output);
        string[] lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 2, output);

        // Requested io_uring: refused with the reason and the limit; nothing left locked behind.
        Assert.StartsWith("error=PlatformNotSupportedException: The io_uring engine was requested", lines[0], StringComparison.Ordinal);
        Assert.Contains("ENOMEM", lines[0], StringComparison.Ordinal);
        Assert.Contains("RLIMIT_MEMLOCK is 64 KiB", lines[0], StringComparison.Ordinal);
        Assert.Contains("CAP_IPC_LOCK", lines[0], StringComparison.Ordinal);

        // Auto, in the same process: the log opens (so the failed open released its locks) on the portable
        // engine, says why, and appends.
        Assert.StartsWith("engine=portable sequence=1 ", lines[1], StringComparison.Ordinal);
        Assert.Contains("io_uring set up, but the kernel refused to register", lines[1], StringComparison.Ordinal);
        Assert.Contains("RLIMIT_MEMLOCK is 64 KiB", lines[1], StringComparison.Ordinal);

        // What the fallback engine acknowledged is durable: this process (CAP_IPC_LOCK) reads it on io_uring.
        LogOptions options = dirs.Options(segmentSize: 1 << 20);
        options.Engine = LogEngineKind.IoUring;
        await using DurableLog reopened = await DurableLog.OpenAsync(options);
        Assert.Equal("io_uring", reopened.Status.EngineName);
        LogRecord record = Assert.Single(reopened.ReadFrom(1));
        Assert.Equal("opened with auto", System.Text.Encoding.UTF8.GetString(record.Payload.Span));
    }

    [IoUringFact(NeedsLockedMemoryLimit = true)]
    public void With_CAP_IPC_LOCK_the_same_limit_does_not_apply_and_Auto_runs_on_io_uring()
    {
        using var dirs = new TemporaryLogDirectories();

        (int exit, string output) = RunChild(dirs, dropLockCapability: false, "auto");
        Assert.True(exit == 0, output);
        Assert.StartsWith("engine=io_uring sequence=1 ", output, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output) RunChild(TemporaryLogDirectories dirs, bool dropLockCapability, params string[] engines)
    {
        List<string> arguments = ["-u", IoEngineSelection.EnvironmentVariable];
        if (dropLockCapability)
        {
            arguments.AddRange(["setpriv", "--bounding-set", "-ipc_lock"]);
        }

        arguments.AddRange(["prlimit", LimitedMemoryLock, ExternalCommand.DotnetHost(), typeof(Program).Assembly.Location, "open-log", dirs.Primary, dirs.Secondary]);
        arguments.AddRange(engines);
        return ExternalCommand.Run("env", [.. arguments]);
    }

    /// <summary>
    /// Null when a child can be started without CAP_IPC_LOCK under a 64 KiB RLIMIT_MEMLOCK (dropping the
    /// capability from its bounding set needs CAP_SETPCAP, i.e. root, and util-linux's setpriv and prlimit);
    /// otherwise why not.
    /// </summary>
    internal static Lazy<string?> CannotRestrictLockedMemory { get; } = new(() =>
    {
        (int exit, string output) = ExternalCommand.Run("env", "setpriv", "--bounding-set", "-ipc_lock", "prlimit", LimitedMemoryLock, "true");
        return exit == 0
            ? null
            : "needs root (CAP_SETPCAP) and util-linux setpriv/prlimit to start a process without CAP_IPC_LOCK under a 64 KiB RLIMIT_MEMLOCK: " + output;
    });
}
