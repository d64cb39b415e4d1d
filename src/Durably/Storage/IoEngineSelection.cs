using System.Globalization;
using Durably.IO;
using Durably.IO.Linux;
using Durably.Storage.Segments;
using Durably.Storage.Writing;

namespace Durably.Storage;

/// <summary>
/// Chooses the I/O engine for a log and says why: <see cref="LogOptions.CustomEngine"/> first, then
/// <see cref="LogOptions.Engine"/> when set explicitly, then the <c>DURABLY_IO_ENGINE</c> environment variable,
/// then Auto (io_uring when a ring can be set up and has the opcodes the log needs, otherwise Portable with the
/// classified reason). The choice is final only once the log's buffers and first segment are registered with
/// the engine (<see cref="Register"/>): an Auto choice of io_uring whose registration the kernel refuses falls
/// back to Portable there, with the reason.
/// </summary>
internal static class IoEngineSelection
{
    /// <summary>The environment variable that forces an engine when the options leave it at Auto.</summary>
    internal const string EnvironmentVariable = "DURABLY_IO_ENGINE";

    internal static (IoEngine Engine, string Reason, bool Automatic) Choose(LogOptions options) =>
        Choose(options, Environment.GetEnvironmentVariable(EnvironmentVariable));

    internal static (IoEngine Engine, string Reason, bool Automatic) Choose(LogOptions options, string? environmentValue)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CustomEngine is { } custom)
        {
            return (custom, "supplied in LogOptions.CustomEngine", false);
        }

        switch (options.Engine)
        {
            case LogEngineKind.Portable:
                return (new PortableEngine(), "requested (LogEngineKind.Portable): pwrite + fdatasync system calls", false);
            case LogEngineKind.IoUring:
                return IoUringEngine.TryCreate(options.RingOptions, out IoUringEngine? requested, out string? why)
                    ? (requested, "requested (LogEngineKind.IoUring): " + requested.Description, false)
                    : throw new PlatformNotSupportedException("LogEngineKind.IoUring was requested, but " + why);
            case LogEngineKind.Auto:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Engine, "Unknown LogEngineKind.");
        }

        switch (ParseEnvironment(environmentValue))
        {
            case LogEngineKind.Portable:
                return (new PortableEngine(), $"{EnvironmentVariable}=portable: pwrite + fdatasync system calls", false);
            case LogEngineKind.IoUring:
                return IoUringEngine.TryCreate(options.RingOptions, out IoUringEngine? forced, out string? forcedWhy)
                    ? (forced, $"{EnvironmentVariable}=io_uring: " + forced.Description, false)
                    : throw new PlatformNotSupportedException($"{EnvironmentVariable}=io_uring was set, but " + forcedWhy);
            default:
                break;
        }

        if (options.ManualScheduling)
        {
            // The caller drives the log step by step from whatever thread it is on, and a single-issuer ring
            // refuses submissions from any thread but its first.
            return (new PortableEngine(), "Auto: manual scheduling submits from arbitrary threads, which a single-issuer ring refuses; "
                + "using pwrite + fdatasync system calls", true);
        }

        return IoUringEngine.TryCreate(options.RingOptions, out IoUringEngine? auto, out string? reason)
            ? (auto, "Auto: " + auto.Description, true)
            : (new PortableEngine(), "Auto: " + reason + "; using pwrite + fdatasync system calls", true);
    }

    /// <summary>
    /// Registers the log writer's buffers and the active segment's files with the chosen engine. When the kernel
    /// refuses an io_uring registration (typically ENOMEM: pinned buffers count against RLIMIT_MEMLOCK unless the
    /// process has CAP_IPC_LOCK), an <paramref name="automatic"/> choice disposes the ring and continues on the
    /// Portable engine, saying why; a requested io_uring engine fails the open with the reason and the limit.
    /// </summary>
    /// <returns>The engine the log runs on and why.</returns>
    internal static (IoEngine Engine, string Reason) Register(
        IoEngine engine, string reason, bool automatic, FrameBuffers buffers, SegmentFiles active)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentNullException.ThrowIfNull(active);
        try
        {
            engine.RegisterBuffers(buffers.All);
            active.Register(engine);
            return (engine, reason);
        }
        catch (IoUringException e) when (engine is IoUringEngine)
        {
            string refusal = string.Create(
                CultureInfo.InvariantCulture,
                $"the kernel refused to register the log's {buffers.TotalBytes / 1024} KiB of frame buffers and its segment files with the ring: {e.Message}")
                + (e.Errno == Errno.ENOMEM
                    ? "; registered buffers are pinned and count against the locked-memory limit unless the process has CAP_IPC_LOCK: "
                      + MemoryLockLimit.Describe() + " (raise it with ulimit -l, LimitMEMLOCK= or --ulimit memlock)"
                    : string.Empty);
            if (!automatic)
            {
                throw new PlatformNotSupportedException("The io_uring engine was requested, but " + refusal, e);
            }

            engine.Dispose();
            var portable = new PortableEngine();
            portable.RegisterBuffers(buffers.All);
            active.Register(portable);
            return (portable, "Auto: io_uring set up, but " + refusal + "; using pwrite + fdatasync system calls");
        }
    }

    /// <summary>Reads the variable: unset or empty or <c>auto</c> is Auto; anything unknown is refused, not ignored.</summary>
    internal static LogEngineKind ParseEnvironment(string? value)
    {
        string trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length == 0 || trimmed.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return LogEngineKind.Auto;
        }

        if (trimmed.Equals("io_uring", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("iouring", StringComparison.OrdinalIgnoreCase))
        {
            return LogEngineKind.IoUring;
        }

        if (trimmed.Equals("portable", StringComparison.OrdinalIgnoreCase))
        {
            return LogEngineKind.Portable;
        }

        throw new ArgumentException(string.Create(
            CultureInfo.InvariantCulture,
            $"{EnvironmentVariable}={value} is not an engine; use io_uring, portable or auto (or leave it unset)."));
    }
}
