using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Durably;

namespace LedgerSample.Commands;

/// <summary>
/// <c>check [--ids FILE] [--snapshot-every N]</c>: opens (recovers) the ledger and prints its
/// totals, the log's status, and the snapshot it recovered from with the records replayed after
/// it and the log's bytes in the primary; with <c>--ids</c>, writes the applied transfer ids, one
/// per line.
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
            // One Read for the four values, so they come from the same state; each query alone is consistent too.
            (int accounts, decimal total, int transfers, ImmutableArray<string> ids) = ledger.Read(l =>
                (l.AccountCount, l.Total, l.TransferCount, idsPath is null ? [] : l.AppliedTransferIds()));
            DurableStoreStatus status = ledger.DurableStatus;
            long logBytes = LogBytes(options.PrimaryDirectory);

            if (idsPath is not null)
            {
                await File.WriteAllLinesAsync(idsPath, ids, cancellationToken);
            }

            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"accounts={accounts} total={total} transfers={transfers} sequence={status.LastAppliedSequence}"));
            string repaired = status.Log.Repairs.Length == 0 ? "none" : status.Log.Repairs.ReplaceLineEndings(" ");
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"engine={EngineName(status.Log.EngineName)} alignment={status.Log.Alignment} copies={status.Log.Copies.Count} segments={status.Log.SegmentCount} repaired={repaired}"));
            string snapshot = status.RecoveredSnapshotSequence == 0 ? "none" : status.RecoveredSnapshotSequence.ToString(CultureInfo.InvariantCulture);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"snapshot={snapshot} replayed={status.ReplayedRecords} log_bytes={logBytes}"));
            return ExitCodes.Success;
        }
        catch (Exception e) when (FailureReport.Report(e) is int code)
        {
            return code;
        }
    }

    /// <summary>Bytes of the segment and snapshot files in a log directory (what the log costs on disk there).</summary>
    private static long LogBytes(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles()
            .Where(f => f.Name.EndsWith(".seg", StringComparison.Ordinal) || f.Name.EndsWith(".snap", StringComparison.Ordinal))
            .Sum(f => f.Length);

    private static string EngineName(string engine) => engine switch
    {
        "IoUring" => "io_uring",
        "Portable" => "portable",
        _ => engine,
    };
}
