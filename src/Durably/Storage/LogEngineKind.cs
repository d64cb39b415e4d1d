namespace Durably;

/// <summary>Which I/O engine the log uses.</summary>
public enum LogEngineKind
{
    /// <summary>The best engine available here; the choice and why are in <see cref="LogStatus.EngineReason"/>.</summary>
    Auto,

    /// <summary>io_uring with linked write → fdatasync chains, registered buffers and files.</summary>
    IoUring,

    /// <summary>pwrite + fdatasync system calls, O_DIRECT where the file system takes it.</summary>
    Portable,

    /// <summary>
    /// The simulated disk of Durably.Testing. Reported by <see cref="LogStatus.Engine"/> only: a simulated
    /// engine is passed in <see cref="LogOptions.CustomEngine"/>, never chosen by this setting.
    /// </summary>
    Simulated,
}
