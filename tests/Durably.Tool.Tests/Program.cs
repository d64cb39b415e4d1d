using System.Globalization;
using Durably.Storage;

namespace Durably.Tool.Tests;

/// <summary>
/// The test assembly doubles as the second process of the live-log tests:
/// <c>append-live &lt;primary&gt; &lt;secondary&gt;</c> opens the log (taking its lock), prints
/// <c>open</c>, appends records continuously until standard input closes, then closes the log
/// and prints <c>appended N last S</c>. Any failure (a lock taken away, a fault) exits non-zero.
/// </summary>
public static class Program
{
    internal const string AppendLiveVerb = "append-live";

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 3 && args[0] == AppendLiveVerb)
        {
            return AppendLiveAsync(args[1], args[2]).GetAwaiter().GetResult();
        }

        Console.Error.WriteLine("usage: append-live <primary> <secondary>");
        return 2;
    }

    private static async Task<int> AppendLiveAsync(string primary, string secondary)
    {
        var options = new LogOptions
        {
            PrimaryDirectory = primary,
            SecondaryDirectory = secondary,
            SegmentSize = 256 * 1024,
            Engine = LogEngineKind.Portable,
        };
        await using DurableLog log = await DurableLog.OpenAsync(options);
        Console.Out.WriteLine("open");
        Console.Out.Flush();
        Task<string?> stop = Task.Run(Console.In.ReadLine);
        long appended = 0;
        var writers = new Task[4];
        for (int w = 0; w < writers.Length; w++)
        {
            int writer = w;
            writers[w] = Task.Run(async () =>
            {
                while (!stop.IsCompleted)
                {
                    long n = Interlocked.Increment(ref appended);
                    await log.AppendAsync(TemporaryLog.Record("deposit", "writer-" + writer, n));
                }
            });
        }

        await Task.WhenAll(writers);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"appended {appended} last {log.LastSequence}"));
        return 0;
    }
}
