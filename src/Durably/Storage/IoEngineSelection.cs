using System.Globalization;
using Durably.IO;
using Durably.IO.Linux;

namespace Durably.Storage;

/// <summary>
/// Chooses the I/O engine for a log and says why: <see cref="LogOptions.CustomEngine"/> first, then
/// <see cref="LogOptions.Engine"/> when set explicitly, then the <c>DURABLY_IO_ENGINE</c> environment variable,
/// then Auto (io_uring when a ring can be set up and has the opcodes the log needs, otherwise Portable with the
/// classified reason).
/// </summary>
internal static class IoEngineSelection
{
    /// <summary>The environment variable that forces an engine when the options leave it at Auto.</summary>
    internal const string EnvironmentVariable = "DURABLY_IO_ENGINE";

    /// <summary>
    /// Ring setup options that replace the engine's own for the current asynchronous flow; null (always, outside
    /// tests) uses the engine's. Lets a test force a real <c>io_uring_setup</c> failure (flags the kernel
    /// rejects) and watch its classified reason reach the status, without any fake in the selection path.
    /// </summary>
    internal static AsyncLocal<IoUringRingOptions?> RingOptionsOverride { get; } = new();

    internal static (IoEngine Engine, string Reason) Choose(LogOptions options) =>
        Choose(options, Environment.GetEnvironmentVariable(EnvironmentVariable));

    internal static (IoEngine Engine, string Reason) Choose(LogOptions options, string? environmentValue)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CustomEngine is { } custom)
        {
            return (custom, "supplied in LogOptions.CustomEngine");
        }

        switch (options.Engine)
        {
            case LogEngineKind.Portable:
                return (new PortableEngine(), "requested (LogEngineKind.Portable): pwrite + fdatasync system calls");
            case LogEngineKind.IoUring:
                return IoUringEngine.TryCreate(RingOptionsOverride.Value, out IoUringEngine? requested, out string? why)
                    ? (requested, "requested (LogEngineKind.IoUring): " + requested.Description)
                    : throw new PlatformNotSupportedException("LogEngineKind.IoUring was requested, but " + why);
            case LogEngineKind.Auto:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Engine, "Unknown LogEngineKind.");
        }

        switch (ParseEnvironment(environmentValue))
        {
            case LogEngineKind.Portable:
                return (new PortableEngine(), $"{EnvironmentVariable}=portable: pwrite + fdatasync system calls");
            case LogEngineKind.IoUring:
                return IoUringEngine.TryCreate(RingOptionsOverride.Value, out IoUringEngine? forced, out string? forcedWhy)
                    ? (forced, $"{EnvironmentVariable}=io_uring: " + forced.Description)
                    : throw new PlatformNotSupportedException($"{EnvironmentVariable}=io_uring was set, but " + forcedWhy);
            default:
                break;
        }

        if (options.ManualScheduling)
        {
            // The caller drives the log step by step from whatever thread it is on, and a single-issuer ring
            // refuses submissions from any thread but its first.
            return (new PortableEngine(), "Auto: manual scheduling submits from arbitrary threads, which a single-issuer ring refuses; "
                + "using pwrite + fdatasync system calls");
        }

        return IoUringEngine.TryCreate(RingOptionsOverride.Value, out IoUringEngine? auto, out string? reason)
            ? (auto, "Auto: " + auto.Description)
            : (new PortableEngine(), "Auto: " + reason + "; using pwrite + fdatasync system calls");
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
