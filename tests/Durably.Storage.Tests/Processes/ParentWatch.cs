using System.Diagnostics;
using System.Globalization;

namespace Durably.Storage.Tests.Processes;

/// <summary>
/// Makes a child process started by the tests die with its host: a background thread watches the
/// parent process id (<c>/proc/self/stat</c>) and kills this process the moment it changes (the
/// host died and the child was re-parented). A watchdog rather than PR_SET_PDEATHSIG, because the
/// death signal follows the parent <em>thread</em> that forked, and .NET may start a child from a
/// pool thread that later retires while the host lives on.
/// </summary>
internal static class ParentWatch
{
    /// <summary>How often the parent is checked.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>The environment variable the host sets to its own process id when it starts a child.</summary>
    internal const string ParentVariable = "DURABLY_TEST_HOST_PID";

    /// <summary>Starts watching, if this process was started by a test host (else does nothing).</summary>
    internal static void Start()
    {
        string? expected = Environment.GetEnvironmentVariable(ParentVariable);
        if (!int.TryParse(expected, NumberStyles.Integer, CultureInfo.InvariantCulture, out int host))
        {
            return;
        }

        if (ParentProcessId() != host)
        {
            KillSelf(host);
        }

        var watcher = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(Interval);
                if (ParentProcessId() != host)
                {
                    KillSelf(host);
                }
            }
        })
        {
            IsBackground = true,
            Name = "test host watchdog",
        };
        watcher.Start();
    }

    /// <summary>The parent's process id, field 4 of <c>/proc/self/stat</c> (after the parenthesised command name).</summary>
    internal static int ParentProcessId()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], CultureInfo.InvariantCulture);
    }

    private static void KillSelf(int host)
    {
        Console.Error.WriteLine($"test host {host} is gone: this child process ends with it");
        Process.GetCurrentProcess().Kill();
    }
}
