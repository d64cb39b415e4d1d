namespace Durably.Store.Tests.Infrastructure;

/// <summary>A test that needs root (to mount a loop device): skipped, saying so, when the test host is not root.</summary>
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Environment.UserName != "root")
        {
            Skip = $"needs root to mount a loop device; running as {Environment.UserName}";
        }
    }
}
