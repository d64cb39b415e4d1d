using System.CommandLine;
using System.Globalization;
using Durably;
using Durably.Runtime;

namespace LedgerSample.Commands;

/// <summary>
/// <c>check [--ids FILE]</c>: opens (recovers) the ledger and prints its totals and the log's
/// status; with <c>--ids</c>, writes the applied transfer ids, one per line.
/// </summary>
internal static class CheckCommand
{
    private static readonly Option<FileInfo?> Ids = new("--ids")
    {
        Description = "Write the applied transfer ids to this file, one per line",
    };

    public static Command Create()
    {
        Command command = new Command("check", "Recover the ledger and print accounts, total, transfers, sequence and the log's status").WithDirectories();
        command.Options.Add(Ids);
        command.SetAction((result, cancellationToken) => RunAsync(LedgerOptions.From(result), result.GetValue(Ids)?.FullName, Console.Out, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(DurableOptions options, string? idsPath, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            await using Ledger ledger = await Ledger.OpenAsync(options, cancellationToken);
            (int accounts, decimal total, int transfers, string[]? ids) = ledger.Read(l =>
                (l.AccountCount, l.Total, l.TransferCount, idsPath is null ? null : l.AppliedTransferIds()));
            DurableStoreStatus status = ledger.DurableStatus;

            if (idsPath is not null)
            {
                await File.WriteAllLinesAsync(idsPath, ids!, cancellationToken);
            }

            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"accounts={accounts} total={total} transfers={transfers} sequence={status.LastAppliedSequence}"));
            string repaired = status.Log.Repairs.Length == 0 ? "none" : status.Log.Repairs.ReplaceLineEndings(" ");
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"engine={EngineName(status.Log.EngineName)} alignment={status.Log.Alignment} copies={status.Log.Copies.Count} segments={status.Log.SegmentCount} repaired={repaired}"));
            return ExitCodes.Success;
        }
        catch (Exception e) when (FailureReport.Report(e) is int code)
        {
            return code;
        }
    }

    private static string EngineName(string engine) => engine switch
    {
        "IoUring" => "io_uring",
        "Portable" => "portable",
        _ => engine,
    };
}
