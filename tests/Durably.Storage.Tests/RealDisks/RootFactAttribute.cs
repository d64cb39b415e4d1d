namespace Durably.Storage.Tests.RealDisks;

/// <summary>
/// A test that needs root (mounting loop devices, tmpfs and bind mounts, or dropping privileges
/// to see EACCES, which root never gets): skipped, saying so, when the test host is not root.
/// </summary>
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Environment.UserName != "root")
        {
            Skip = $"needs root (to mount file systems or drop privileges); running as {Environment.UserName}";
        }
    }
}
