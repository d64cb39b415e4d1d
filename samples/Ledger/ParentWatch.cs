using System.Diagnostics;
using System.Globalization;

namespace LedgerSample;

/// <summary>
/// A ledger started by another process (the demo's and crash command's children, or a test) ends
/// with it: when <c>LEDGER_PARENT_PID</c> names the parent, a background thread watches the parent
/// process id (<c>/proc/self/stat</c>) and kills this process the moment it changes (the parent
/// died and this one was re-parented), so no orphan keeps appending or holding the log's lock. A
/// watchdog rather than PR_SET_PDEATHSIG, which follows the parent <em>thread</em> that forked.
/// </summary>
internal static class ParentWatch
{
    /// <summary>The environment variable a parent sets to its own process id.</summary>
    internal const string ParentVariable = "LEDGER_PARENT_PID";

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>Starts watching, if a parent asked for it (else does nothing).</summary>
    internal static void Start()
    {
        string? expected = Environment.GetEnvironmentVariable(ParentVariable);
        if (!int.TryParse(expected, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parent) || !File.Exists("/proc/self/stat"))
        {
            return;
        }

        if (ParentProcessId() != parent)
        {
            KillSelf(parent);
        }

        var watcher = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(Interval);
                if (ParentProcessId() != parent)
                {
                    KillSelf(parent);
                }
            }
        })
        {
            IsBackground = true,
            Name = "parent watchdog",
        };
        watcher.Start();
    }

    /// <summary>The parent's process id, field 4 of <c>/proc/self/stat</c> (after the parenthesised command name).</summary>
    private static int ParentProcessId()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], CultureInfo.InvariantCulture);
    }

    private static void KillSelf(int parent)
    {
        Console.Error.WriteLine($"ledger: parent process {parent} is gone; this one ends with it");
        Process.GetCurrentProcess().Kill();
    }
}
