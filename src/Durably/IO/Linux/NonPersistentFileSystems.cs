namespace Durably.IO.Linux;

/// <summary>
/// File systems whose contents do not survive a reboot, by their statfs <c>f_type</c> magic
/// (linux/magic.h): a log there loses everything it acknowledged at the next reboot or power loss.
/// </summary>
internal static class NonPersistentFileSystems
{
    private const long TmpfsMagic = 0x01021994;
    private const long RamfsMagic = 0x858458F6;

    /// <summary>The file system's name if it does not persist (<c>tmpfs</c>, <c>ramfs</c>), else null.</summary>
    internal static string? Name(long magic) => magic switch
    {
        TmpfsMagic => "tmpfs",
        RamfsMagic => "ramfs",
        _ => null,
    };
}
