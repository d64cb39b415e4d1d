using System.Collections.Immutable;
using System.CommandLine;
using Durably;

namespace LedgerSample.Commands;

/// <summary>
/// <c>load --ops N [--writers 8] [--seed S]</c>: N random transfers from W concurrent writers, each
/// printed as <c>ack &lt;id&gt;</c> or <c>rejected &lt;id&gt;</c> the moment it completes.
/// </summary>
internal static class LoadCommand
{
    private static readonly Option<int> Operations = new("--ops")
    {
        Description = "Number of transfers",
        Required = true,
    };

    private static readonly Option<int> Writers = new("--writers")
    {
        Description = "Concurrent writers",
        DefaultValueFactory = _ => 8,
    };

    private static readonly Option<int?> Seed = new("--seed")
    {
        Description = "Seed of the random transfers; ids are <seed>-<writer>-<n> (default: random)",
    };

    public static Command Create()
    {
        Command command = new Command("load", "Run random transfers; prints 'ack <id>' or 'rejected <id>' as each completes").WithDirectories();
        command.Options.Add(Operations);
        command.Options.Add(Writers);
        command.Options.Add(Seed);
        command.SetAction((result, cancellationToken) => RunAsync(
            LedgerOptions.From(result),
            result.GetValue(Operations),
            result.GetValue(Writers),
            result.GetValue(Seed) ?? Random.Shared.Next(1, int.MaxValue),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(DurableOptions options, int operations, int writers, int seed, CancellationToken cancellationToken)
    {
        if (operations < 0 || writers < 1)
        {
            await Console.Error.WriteLineAsync("ledger: load needs --ops >= 0 and --writers >= 1.");
            return ExitCodes.InvalidArguments;
        }

        Ledger ledger;
        try
        {
            ledger = await Ledger.OpenAsync(options, cancellationToken);
        }
        catch (Exception e) when (FailureReport.Report(e) is int code)
        {
            return code;
        }

        await using (ledger)
        {
            ImmutableArray<string> accounts = ledger.AccountNames();
            if (accounts.Length < 2)
            {
                await Console.Error.WriteLineAsync("ledger: no ledger here; run 'init' first.");
                return ExitCodes.NoLedger;
            }

            // Console.Out is synchronized and flushes every line: an 'ack' is out the moment it is known.
            TextWriter output = Console.Out;
            Exception? stopped = null;
            await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
            {
                var random = new Random(HashCode.Combine(seed, writer));
                int count = (operations / writers) + (writer < operations % writers ? 1 : 0);
                for (int n = 0; n < count && Volatile.Read(ref stopped) is null; n++)
                {
                    string id = $"{seed}-{writer}-{n}";
                    string from = accounts[random.Next(accounts.Length)];
                    string to = accounts[random.Next(accounts.Length - 1)];
                    to = to == from ? accounts[^1] : to;
                    decimal amount = random.Next(1, 201);
                    try
                    {
                        TransferOutcome outcome = await ledger.TransferAsync(id, from, to, amount, cancellationToken);
                        output.WriteLine((outcome == TransferOutcome.Applied ? "ack " : "rejected ") + id);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The store refuses (full) or stopped (faulted): no further transfers.
                        Interlocked.CompareExchange(ref stopped, e, null);
                    }
                }
            }, cancellationToken)));

            if (stopped is not null)
            {
                return FailureReport.Report(stopped) ?? Fail(stopped);
            }

            return ExitCodes.Success;
        }
    }

    private static int Fail(Exception exception)
    {
        Console.Error.WriteLine("ledger: load stopped: " + exception.Message);
        return ExitCodes.Failure;
    }
}
