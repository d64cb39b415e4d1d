using System.CommandLine;
using System.Globalization;

namespace LedgerSample.Commands;

/// <summary>
/// <c>crash --iterations N</c>: the crash test, as many rounds as wanted. Each round starts
/// <c>load</c>, kills it with SIGKILL at a random moment, and checks the recovered ledger;
/// prints one line per round and a summary <c>kills= acks_checked= failures=</c>.
/// </summary>
internal static class CrashCommand
{
    private static readonly Option<int> Iterations = new("--iterations")
    {
        Description = "Number of kill -9 rounds",
        DefaultValueFactory = _ => 100,
    };

    private static readonly Option<string?> Directory = new("--dir")
    {
        Description = "Directory for the two log copies (default: a new temporary directory, removed afterwards)",
    };

    public static Command Create()
    {
        var command = new Command("crash", "Crash test: kill -9 'load' at random moments N times and check every acknowledged transfer survived");
        command.Options.Add(Iterations);
        command.Options.Add(Directory);
        command.Options.Add(LedgerOptions.SegmentMegabytes);
        command.Options.Add(LedgerOptions.SnapshotEvery);
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(Iterations),
            result.GetValue(Directory),
            result.GetValue(LedgerOptions.SegmentMegabytes),
            result.GetValue(LedgerOptions.SnapshotEvery),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int iterations, string? directory, int segmentMegabytes, long? snapshotEvery, CancellationToken cancellationToken)
    {
        bool temporary = directory is null;
        string root = directory ?? System.IO.Directory.CreateTempSubdirectory("ledger-crash-").FullName;
        try
        {
            string[] directories =
            [
                "--primary", Path.Combine(root, "primary"),
                "--secondary", Path.Combine(root, "secondary"),
                "--segment-mb", segmentMegabytes.ToString(CultureInfo.InvariantCulture),
                .. snapshotEvery is { } every ? (string[])["--snapshot-every", every.ToString(CultureInfo.InvariantCulture)] : [],
            ];
            const int Accounts = 100;
            const int Balance = 1000;
            (int initCode, _, string initError) = await LedgerProcess.RunAsync(
                ["init", .. directories, "--accounts", "100", "--balance", "1000"], cancellationToken);
            if (initCode != 0)
            {
                await Console.Error.WriteLineAsync("ledger: init failed: " + initError.Trim());
                return initCode;
            }

            var round = new CrashRound(directories, Accounts * Balance, root);
            var random = new Random();
            long acknowledged = 0;
            int failed = 0;
            for (int i = 1; i <= iterations; i++)
            {
                CrashRoundResult result = await round.RunAsync(i, random, cancellationToken);
                acknowledged += result.Acknowledged;
                failed += result.Failures.Count > 0 ? 1 : 0;
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"kill {i}: {result.Acknowledged} acks checked, {(result.Failures.Count == 0 ? "ok" : "FAILED: " + string.Join("; ", result.Failures))} ({result.Report?.Transfers} transfers, sequence {result.Report?.Sequence})"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kills={iterations} acks_checked={acknowledged} failures={failed}"));
            return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }
        finally
        {
            if (temporary)
            {
                System.IO.Directory.Delete(root, recursive: true);
            }
        }
    }
}
