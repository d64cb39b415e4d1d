using System.Diagnostics;
using System.Globalization;

namespace LedgerSample;

/// <summary>
/// One round of the crash test: start <c>load</c> as a separate process, kill it with SIGKILL at a
/// random moment while transfers are being acknowledged, then run <c>check</c> and verify that no
/// money appeared or vanished and that every acknowledged transfer survived.
/// </summary>
internal sealed class CrashRound
{
    private readonly IReadOnlyList<string> _directories;
    private readonly decimal _expectedTotal;
    private readonly string _workDirectory;

    /// <param name="directories">The directory options (<c>--primary</c>, <c>--secondary</c>, ...) of the ledger.</param>
    /// <param name="expectedTotal">Accounts × balance: the total every check must show.</param>
    /// <param name="workDirectory">Where the recovered ids file is written.</param>
    public CrashRound(IReadOnlyList<string> directories, decimal expectedTotal, string workDirectory)
    {
        _directories = directories;
        _expectedTotal = expectedTotal;
        _workDirectory = workDirectory;
    }

    /// <summary>Runs one round: <paramref name="seed"/> makes the transfer ids unique across rounds.</summary>
    public async Task<CrashRoundResult> RunAsync(int seed, Random random, CancellationToken cancellationToken)
    {
        var acknowledged = new List<string>();
        int rejected = 0;
        var clock = Stopwatch.StartNew();
        bool killed;
        using (Process load = LedgerProcess.Start([
            "load", .. _directories, "--ops", "1000000", "--writers", "8", "--seed", seed.ToString(CultureInfo.InvariantCulture)]))
        {
            Task<string> errors = load.StandardError.ReadToEndAsync(cancellationToken);

            // Kill only once transfers are flowing, after a random number of further milliseconds.
            string? first = await load.StandardOutput.ReadLineAsync(cancellationToken);
            Count(first, acknowledged, ref rejected);
            TimeSpan delay = TimeSpan.FromMilliseconds(random.Next(20, 700));
            Task<string?> next = load.StandardOutput.ReadLineAsync(cancellationToken).AsTask();
            var killAt = Stopwatch.StartNew();
            while (killAt.Elapsed < delay)
            {
                Task finished = await Task.WhenAny(next, Task.Delay(delay - killAt.Elapsed, cancellationToken));
                if (finished != next)
                {
                    break;
                }

                string? line = await next;
                if (line is null)
                {
                    break;
                }

                Count(line, acknowledged, ref rejected);
                next = load.StandardOutput.ReadLineAsync(cancellationToken).AsTask();
            }

            killed = !load.HasExited;
            load.Kill();
            await load.WaitForExitAsync(cancellationToken);

            // Every line the process wrote before it died is still in the pipe: it was acknowledged.
            for (string? line = await next; line is not null; line = await load.StandardOutput.ReadLineAsync(cancellationToken))
            {
                Count(line, acknowledged, ref rejected);
            }

            if (!killed)
            {
                throw new InvalidOperationException("load ended before it was killed: " + await errors);
            }
        }

        string idsFile = Path.Combine(_workDirectory, "recovered-ids.txt");
        (int exitCode, string output, string error) = await LedgerProcess.RunAsync(["check", .. _directories, "--ids", idsFile], cancellationToken);
        if (exitCode != 0)
        {
            return new CrashRoundResult(acknowledged.Count, rejected, clock.Elapsed, null, string.Empty, ["check failed (" + exitCode + "): " + error.Trim()]);
        }

        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        CheckReport report = CheckReport.Parse(lines[0]);
        var recovered = new HashSet<string>(await File.ReadAllLinesAsync(idsFile, cancellationToken), StringComparer.Ordinal);
        var failures = new List<string>();
        if (report.Total != _expectedTotal)
        {
            failures.Add($"total {report.Total} != {_expectedTotal}");
        }

        if (report.Transfers != recovered.Count)
        {
            failures.Add($"transfers={report.Transfers} but {recovered.Count} ids");
        }

        foreach (string id in acknowledged.Where(id => !recovered.Contains(id)).Take(5))
        {
            failures.Add("acknowledged transfer " + id + " is missing after recovery");
        }

        return new CrashRoundResult(acknowledged.Count, rejected, clock.Elapsed, report, lines.Length > 1 ? lines[1] : string.Empty, failures);
    }

    private static void Count(string? line, List<string> acknowledged, ref int rejected)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("ack ", StringComparison.Ordinal))
        {
            acknowledged.Add(line[4..]);
        }
        else if (line.StartsWith("rejected ", StringComparison.Ordinal))
        {
            rejected++;
        }
    }
}

/// <summary>What one crash round saw.</summary>
internal sealed record CrashRoundResult(
    int Acknowledged,
    int Rejected,
    TimeSpan Elapsed,
    CheckReport? Report,
    string LogStatusLine,
    IReadOnlyList<string> Failures);
