using System.CommandLine;
using System.Globalization;

namespace LedgerSample.Commands;

/// <summary>
/// <c>demo</c>: runs <c>init</c>, then <c>load</c> killed with SIGKILL in the middle, then
/// <c>check</c>, a few times, and explains what the output shows.
/// </summary>
internal static class DemoCommand
{
    private static readonly Option<int> Rounds = new("--rounds")
    {
        Description = "How many times to kill 'load' and recover",
        DefaultValueFactory = _ => 3,
    };

    public static Command Create()
    {
        var command = new Command("demo", "Create a ledger, kill -9 a load in the middle, recover it and show that nothing acknowledged was lost");
        command.Options.Add(Rounds);
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(Rounds), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int rounds, CancellationToken cancellationToken)
    {
        string root = Directory.CreateTempSubdirectory("ledger-demo-").FullName;
        try
        {
            string primary = Path.Combine(root, "primary");
            string secondary = Path.Combine(root, "secondary");
            string[] directories = ["--primary", primary, "--secondary", secondary, "--segment-mb", "16"];
            Say($"""
                Durably Ledger demo
                  A bank ledger of 100 accounts holding 1000 each (100000 in total). Every transfer is an
                  operation: its record is written durably to two copies of a write-ahead log before the
                  balances change, and 'ack <id>' is printed only after that.
                  Log copies: {primary}
                              {secondary}

                $ ledger init --accounts 100 --balance 1000
                """);
            (int code, string output, string error) = await LedgerProcess.RunAsync(["init", .. directories, "--accounts", "100", "--balance", "1000"], cancellationToken);
            Say(output.TrimEnd() + error.TrimEnd());
            if (code != 0)
            {
                return code;
            }

            var round = new CrashRound(directories, 100_000m, root);
            var random = new Random();
            int failures = 0;
            int transfersBefore = 0;
            for (int i = 1; i <= rounds; i++)
            {
                Say($"""

                    $ ledger load --ops 1000000 --writers 8 --seed {i}      (killed with SIGKILL at a random moment)
                    """);
                CrashRoundResult result = await round.RunAsync(i, random, cancellationToken);
                Say(string.Create(CultureInfo.InvariantCulture, $"""
                      ... {result.Acknowledged} transfers acknowledged ('ack'), {result.Rejected} rejected (insufficient funds), then kill -9.

                    $ ledger check --ids recovered-ids.txt
                    """));
                if (result.Report is not { } report)
                {
                    Say(string.Join("\n", result.Failures));
                    failures++;
                    continue;
                }

                Say(string.Create(CultureInfo.InvariantCulture, $"""
                    accounts={report.Accounts} total={report.Total} transfers={report.Transfers} sequence={report.Sequence}
                    {result.LogStatusLine}
                    """));
                if (result.Failures.Count > 0)
                {
                    failures++;
                    Say("  FAILED: " + string.Join("; ", result.Failures));
                    continue;
                }

                int added = report.Transfers - transfersBefore;
                transfersBefore = report.Transfers;
                Say(string.Create(CultureInfo.InvariantCulture, $"""
                      total={report.Total}: still 100 x 1000. Recovery replayed whole transfers only: no money appeared or vanished.
                      This round added {added} applied transfers: all {result.Acknowledged} acknowledged ones (every id checked against
                      recovered-ids.txt) plus {added - result.Acknowledged} that were already durable when the process died, before it could print their 'ack'.
                      A transfer is either wholly in the log or not at all; nothing acknowledged is ever missing.
                      sequence={report.Sequence}: the last record replayed (one that opened all 100 accounts, then every transfer, applied or rejected).
                      {result.LogStatusLine.Split(' ')[0]}: the I/O engine in use; repaired=: what recovery had to fix in the copies.
                    """));
            }

            Say(failures == 0
                ? $"\n{rounds} kills, nothing acknowledged was lost."
                : $"\n{failures} of {rounds} rounds FAILED.");
            return failures == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Say(string text) => Console.WriteLine(text);
}
