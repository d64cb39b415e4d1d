using Durably.IO;
using Durably.IO.Linux;

namespace Durably.Storage;

/// <summary>Chooses the I/O engine for a log and says why.</summary>
internal static class IoEngineSelection
{
    internal static (IoEngine Engine, string Reason) Choose(LogOptions options)
    {
        if (options.CustomEngine is { } custom)
        {
            return (custom, "supplied in LogOptions.CustomEngine");
        }

        return options.Engine switch
        {
            LogEngineKind.Portable => (new PortableEngine(), "requested (LogEngineKind.Portable): pwrite + fdatasync system calls"),
            LogEngineKind.IoUring => throw new PlatformNotSupportedException(
                "LogEngineKind.IoUring was requested, but this build of Durably has no io_uring engine; use LogEngineKind.Auto or Portable."),
            LogEngineKind.Auto => (new PortableEngine(), "Auto: this build has no io_uring engine, so pwrite + fdatasync system calls"),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Engine, "Unknown LogEngineKind."),
        };
    }
}
