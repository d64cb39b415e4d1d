namespace Durably.Storage.Tests.Processes;

/// <summary>The second process of the lock test: opens a log and holds it until told to stop.</summary>
internal static class LockHolderProcess
{
    internal static int Run(string primary, string secondary)
    {
        DurableLog log = DurableLog.OpenAsync(new LogOptions
        {
            PrimaryDirectory = primary,
            SecondaryDirectory = secondary,
            SegmentSize = 256 * 1024,
            Engine = LogEngineKind.Portable,
        }).AsTask().GetAwaiter().GetResult();
        try
        {
            Console.WriteLine("holding " + Environment.ProcessId);
            Console.Out.Flush();
            _ = Console.In.ReadToEnd();
            return 0;
        }
        finally
        {
            log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
