using System.Diagnostics;
using System.Globalization;
using Durably.Storage.Tests.Campaign;
using Durably.Storage.Tests.Processes;

namespace Durably.Storage.Tests;

/// <summary>
/// The test assembly doubles as a small console tool:
/// <c>dotnet Durably.Storage.Tests.dll campaign [--seeds N] [--start S]</c> runs the fault
/// campaign over any number of seeds and prints what it did;
/// <c>hold-log &lt;primary&gt; &lt;secondary&gt;</c> opens a log and keeps it open until stdin
/// closes (the second process of the lock test); <c>open-log &lt;primary&gt; &lt;secondary&gt; &lt;auto|io_uring&gt;...</c>
/// opens a log with each engine in turn and reports what it ran on; <c>append-until-killed &lt;primary&gt; &lt;secondary&gt;
/// &lt;io_uring|portable&gt; &lt;parallel|sequential&gt; &lt;verify|no-verify&gt; &lt;seed&gt; &lt;round&gt; &lt;appenders&gt;</c> appends
/// concurrently and reports each acknowledged append until it is killed (the child of the real-file crash campaign).
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        ParentWatch.Start();
        if (args.Length > 0 && args[0] == "campaign")
        {
            return RunCampaign(args);
        }

        if (args.Length == 3 && args[0] == "hold-log")
        {
            return LockHolderProcess.Run(args[1], args[2]);
        }

        if (args.Length >= 4 && args[0] == "open-log")
        {
            return OpenLogProcess.Run(args[1], args[2], args[3..]);
        }

        if (args.Length == AppendUntilKilledProcess.ArgumentCount + 1 && args[0] == AppendUntilKilledProcess.Verb)
        {
            return AppendUntilKilledProcess.Run(args[1..]);
        }

        Console.Error.WriteLine("usage: campaign [--seeds N] [--start S] | hold-log <primary> <secondary> | open-log <primary> <secondary> <auto|io_uring>..."
            + " | append-until-killed <primary> <secondary> <io_uring|portable> <parallel|sequential> <verify|no-verify> <seed> <round> <appenders>");
        return 2;
    }

    private static int RunCampaign(string[] args)
    {
        int seeds = Option(args, "--seeds", 100_000);
        int start = Option(args, "--start", 0);
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Fault campaign: seeds {start}..{start + seeds - 1} on {Environment.ProcessorCount} cores");
        try
        {
            CampaignReport report = CampaignRunner.Run(start, seeds, progress => Console.WriteLine($"  after {clock.Elapsed.TotalSeconds:F0} s: {progress}"));
            Console.WriteLine($"PASSED in {clock.Elapsed.TotalSeconds:F1} s: {report}");
            return 0;
        }
        catch (CampaignFailure failure)
        {
            Console.WriteLine("FAILED: " + failure.Message);
            return 1;
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
