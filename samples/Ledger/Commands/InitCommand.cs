using System.CommandLine;
using Durably;

namespace LedgerSample.Commands;

/// <summary><c>init [--accounts 100] [--balance 1000]</c>: creates the ledger; refuses if one exists.</summary>
internal static class InitCommand
{
    private static readonly Option<int> Accounts = new("--accounts")
    {
        Description = "Number of accounts, named a0..a{n-1}",
        DefaultValueFactory = _ => 100,
    };

    private static readonly Option<int> Balance = new("--balance")
    {
        Description = "Amount deposited into each account",
        DefaultValueFactory = _ => 1000,
    };

    public static Command Create()
    {
        Command command = new Command("init", "Create the ledger: accounts a0..a{n-1}, each deposited the balance; prints 'ok'").WithDirectories();
        command.Options.Add(Accounts);
        command.Options.Add(Balance);
        command.SetAction((result, cancellationToken) =>
            RunAsync(LedgerOptions.From(result), result.GetValue(Accounts), result.GetValue(Balance), Console.Out, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(DurableOptions options, int accounts, int balance, TextWriter output, CancellationToken cancellationToken)
    {
        if (accounts < 2 || balance < 0)
        {
            await Console.Error.WriteLineAsync("ledger: init needs at least 2 accounts and a balance of at least 0.");
            return ExitCodes.InvalidArguments;
        }

        try
        {
            await using Ledger ledger = await Ledger.OpenAsync(options, cancellationToken);
            long existing = ledger.DurableStatus.LastAppliedSequence;
            if (existing > 0)
            {
                await Console.Error.WriteLineAsync(
                    $"ledger: a ledger already exists in {options.PrimaryDirectory} ({existing} records); init does not change it.");
                return ExitCodes.AlreadyExists;
            }

            // One operation: a kill at any moment leaves every account or none, never a part.
            await ledger.InitAsync(accounts, balance, cancellationToken);
            await output.WriteLineAsync("ok");
            return ExitCodes.Success;
        }
        catch (Exception e) when (FailureReport.Report(e) is int code)
        {
            return code;
        }
    }
}
