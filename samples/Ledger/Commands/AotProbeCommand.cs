using System.CommandLine;
using System.Globalization;
using Durably;
using LedgerSample.Probe;

namespace LedgerSample.Commands;

/// <summary>
/// <c>aot-probe</c> (hidden; run by the native AOT check): logs one operation of <see cref="AotProbe"/>
/// into empty directories, then prints its values live, after a reopen that replays the log, and
/// after a reopen from a snapshot.
/// </summary>
internal static class AotProbeCommand
{
    public static Command Create()
    {
        Command command = new Command("aot-probe", "Log, replay and snapshot the value shapes native AOT once failed on; prints them after each").WithDirectories();
        command.Hidden = true;
        command.SetAction((result, cancellationToken) => RunAsync(LedgerOptions.From(result), Console.Out, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(DurableOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        options.Snapshots = SnapshotPolicy.Manual;
        try
        {
            await using (AotProbe probe = await AotProbe.OpenAsync(options, cancellationToken))
            {
                if (probe.DurableStatus.LastAppliedSequence != 0)
                {
                    await Console.Error.WriteLineAsync("ledger: aot-probe needs empty directories");
                    return ExitCodes.AlreadyExists;
                }

                await probe.RecordAsync(
                    [1, 2, 3],
                    new Dictionary<string, int> { ["b"] = -2, ["a"] = 1 },
                    [4, 5],
                    new KeyValuePair<string, Guid>("key", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")),
                    [1, null, 3],
                    (Half)(-1.5),
                    new ProbeLink(1, new ProbeLink(2, new ProbeLink(3, null))),
                    cancellationToken);
                await output.WriteLineAsync("live: " + probe.Values);
            }

            await using (AotProbe replayed = await AotProbe.OpenAsync(options, cancellationToken))
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"replay ({replayed.DurableStatus.ReplayedRecords} record): {replayed.Values}"));
                await replayed.SnapshotAsync(cancellationToken);
            }

            await using (AotProbe restored = await AotProbe.OpenAsync(options, cancellationToken))
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"snapshot ({restored.DurableStatus.RecoveredSnapshotSequence}, {restored.DurableStatus.ReplayedRecords} replayed): {restored.Values}"));
            }

            return ExitCodes.Success;
        }
        catch (Exception e) when (FailureReport.Report(e) is int code)
        {
            return code;
        }
    }
}
