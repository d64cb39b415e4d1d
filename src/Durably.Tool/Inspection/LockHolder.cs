namespace Durably.Tool.Inspection;

/// <summary>A process that holds a log directory's lock, i.e. has the log open.</summary>
/// <param name="Directory">The log copy's directory.</param>
/// <param name="ProcessId">The holder's pid, as the kernel reports it.</param>
/// <param name="ProcessName">The holder's command line (or name), when it can be read.</param>
/// <param name="HolderText">What the holder wrote into the lock file (e.g. <c>pid 4242 on host db1</c>).</param>
internal sealed record LockHolder(string Directory, int ProcessId, string? ProcessName, string? HolderText);
