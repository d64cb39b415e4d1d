using System.Text;

namespace Durably.Storage.Tests.Processes;

/// <summary>
/// A separate process that opens a log once per engine named on its command line, in order, in the same
/// process (so a failed open must have given back its locks), appends one record with each that opens,
/// and prints one line per attempt: <c>engine=&lt;name&gt; sequence=&lt;n&gt; reason=&lt;why&gt;</c> or
/// <c>error=&lt;type&gt;: &lt;message&gt;</c>. Started under a lowered RLIMIT_MEMLOCK without CAP_IPC_LOCK
/// by the locked-memory tests.
/// </summary>
internal static class OpenLogProcess
{
    internal static int Run(string primary, string secondary, IEnumerable<string> engines)
    {
        foreach (string engine in engines)
        {
            var options = new LogOptions
            {
                PrimaryDirectory = primary,
                SecondaryDirectory = secondary,
                SegmentSize = 1 << 20,
                Engine = engine == "io_uring" ? LogEngineKind.IoUring : LogEngineKind.Auto,
            };
            try
            {
                DurableLog log = DurableLog.OpenAsync(options).AsTask().GetAwaiter().GetResult();
                try
                {
                    long sequence = log.AppendAsync(Encoding.UTF8.GetBytes("opened with " + engine)).AsTask().GetAwaiter().GetResult();
                    Console.WriteLine($"engine={log.Status.EngineName} sequence={sequence} reason={log.Status.EngineReason}");
                }
                finally
                {
                    log.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            }
            catch (Exception e) when (e is PlatformNotSupportedException or DurableLogException or IOException)
            {
                Console.WriteLine($"error={e.GetType().Name}: {e.Message}");
            }
        }

        return 0;
    }
}
