using System.CommandLine;
using System.Globalization;
using Durably;

namespace LedgerSample.Commands;

/// <summary><c>snapshot</c>: opens (recovers) the ledger, takes a snapshot now and prints <c>snapshot=&lt;sequence&gt;</c>.</summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        Command command = new Command("snapshot", "Take a snapshot of the ledger now; prints 'snapshot=<sequence>'").WithDirectories();
        command.SetAction((result, cancellationToken) => RunAsync(LedgerOptions.From(result), Console.Out, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(DurableOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            await using Ledger ledger = await Ledger.OpenAsync(options, cancellationToken);
            long sequence = await ledger.SnapshotAsync(cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"snapshot={sequence}"));
            return ExitCodes.Success;
        }
        catch (Exception e) when (FailureReport.Report(e) is int code)
        {
            return code;
        }
    }
}
