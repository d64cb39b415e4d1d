using System.Diagnostics;
using System.Globalization;
using Durably.Storage.Format;
using Durably.Storage.Tests.Processes;

namespace Durably.Storage.Tests.Campaign;

/// <summary>
/// The fault campaign's invariants on real files, with real crashes: rounds of a child process
/// (<see cref="AppendUntilKilledProcess"/>) appending concurrently to one log in a temporary directory until it is
/// killed with SIGKILL after a random number of acknowledged appends and a random delay; then this process recovers
/// the log with the next engine in turn (with two engines, always the one the child did not use) and checks it
/// against <see cref="CampaignModel"/>: every acknowledged record at its sequence number, byte-identical; every other
/// record one the child attempted, byte-identical; the recovered snapshot (the child writes one every few milliseconds) and <c>ReadFrom</c> after it contiguous up to <c>LastSequence</c>; each
/// child appender's records in its append order with none of them skipped. A second recovery, with the child's
/// engine, must repair nothing, find the same records and leave every file byte-identical. The next round's child
/// appends to the recovered log.
/// </summary>
internal sealed class RealFileCrashCampaign
{
    /// <summary>Acknowledgements the first round waits for before its kill: with 4 KiB frames, more than one segment.</summary>
    internal const int MinimumFirstRoundAcknowledgements = 60;

    private const int ExitCodeOfSigkill = 128 + 9;
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromSeconds(60);

    private readonly int _seed;
    private readonly Random _random;
    private readonly IReadOnlyList<LogEngineKind> _engines;
    private readonly TemporaryLogDirectories _dirs;
    private readonly Action<string> _note;
    private readonly CampaignModel _model = new();
    private readonly RealFileCrashReport _report;

    private RealFileCrashCampaign(int seed, IReadOnlyList<LogEngineKind> engines, TemporaryLogDirectories dirs, Action<string> note)
    {
        _seed = seed;
        _random = new Random(seed);
        _engines = engines;
        _dirs = dirs;
        _note = note;
        _report = new RealFileCrashReport { Seed = seed };
    }

    /// <summary>
    /// Runs <paramref name="rounds"/> rounds on a fresh log: round <c>r</c>'s child appends with
    /// <c>engines[(r - 1) % n]</c> and the log is recovered with <c>engines[r % n]</c>. Throws
    /// <see cref="CampaignFailure"/> naming the seed and round when an invariant breaks.
    /// </summary>
    internal static async Task<RealFileCrashReport> RunAsync(int seed, int rounds, IReadOnlyList<LogEngineKind> engines, Action<string> note)
    {
        var clock = Stopwatch.StartNew();
        using var dirs = new TemporaryLogDirectories();
        var campaign = new RealFileCrashCampaign(seed, engines, dirs, note);
        for (int round = 1; round <= rounds; round++)
        {
            try
            {
                await campaign.RunRoundAsync(round);
            }
            catch (CampaignFailure failure)
            {
                throw new CampaignFailure(string.Create(CultureInfo.InvariantCulture, $"seed {seed}, round {round}: {failure.Message}"));
            }
        }

        campaign._report.Elapsed = clock.Elapsed;
        return campaign._report;
    }

    private async Task RunRoundAsync(int round)
    {
        LogEngineKind writer = _engines[(round - 1) % _engines.Count];
        LogEngineKind recoverer = _engines[round % _engines.Count];
        LogCopyOrdering ordering = _random.Next(4) == 0 ? LogCopyOrdering.Sequential : LogCopyOrdering.Parallel;
        bool verify = _random.Next(4) != 0;
        int appenders = 1 + _random.Next(8);
        // The first round always fills a few segments; later ones are sometimes killed almost at once.
        int acknowledgementsBeforeKill = round > 1 && _random.Next(6) == 0 ? _random.Next(3) : _random.Next(round == 1 ? MinimumFirstRoundAcknowledgements : 10, 150);
        int delayMilliseconds = _random.Next(3) == 0 ? 0 : _random.Next(1, 25);
        string engines = AppendUntilKilledProcess.EngineName(writer) + " → " + AppendUntilKilledProcess.EngineName(recoverer);
        _note(string.Create(
            CultureInfo.InvariantCulture,
            $"round {round} ({engines}, {ordering}, verify {verify}): {appenders} appender(s), kill {delayMilliseconds} ms after {acknowledgementsBeforeKill} acknowledgement(s)"));

        var clock = Stopwatch.StartNew();
        LogOptions written = AppendUntilKilledProcess.Options(_dirs.Primary, _dirs.Secondary, writer, ordering, verify);
        List<AcknowledgedAppend> acknowledged = await RunChildUntilKilledAsync(written, round, appenders, acknowledgementsBeforeKill, delayMilliseconds);
        AdoptAcknowledgements(acknowledged, round, appenders);
        long durableBefore = _model.DurableHigh;
        TimeSpan child = clock.Elapsed;

        await RecoverAsync(AppendUntilKilledProcess.Options(_dirs.Primary, _dirs.Secondary, recoverer, ordering, verify), acknowledged.Count, durableBefore);
        TimeSpan recovered = clock.Elapsed;
        await RecoverAgainAsync(written);
        _note(string.Create(
            CultureInfo.InvariantCulture,
            $"  child {child.TotalMilliseconds:F0} ms, recovery {(recovered - child).TotalMilliseconds:F0} ms, second recovery {(clock.Elapsed - recovered).TotalMilliseconds:F0} ms"));

        _report.Rounds++;
        _report.RoundsByEngines[engines] = _report.RoundsByEngines.GetValueOrDefault(engines) + 1;
    }

    /// <summary>Starts the child, kills it after enough acknowledgements and a delay, and returns the acknowledgements it printed.</summary>
    private async Task<List<AcknowledgedAppend>> RunChildUntilKilledAsync(
        LogOptions options, int round, int appenders, int acknowledgementsBeforeKill, int delayMilliseconds)
    {
        ProcessStartInfo start = ExternalCommand.TestAssemblyVerb(AppendUntilKilledProcess.Arguments(options, _seed, round, appenders));

        using Process child = Process.Start(start) ?? throw new CampaignFailure("could not start " + start.FileName);
        Task<string> errors = child.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task reading = Task.Run(async () =>
        {
            // The first line says the log is open; every later one is an acknowledgement.
            while (await child.StandardOutput.ReadLineAsync() is string line)
            {
                lock (lines)
                {
                    lines.Add(line);
                    if (lines.Count > acknowledgementsBeforeKill)
                    {
                        _ = enough.TrySetResult();
                    }
                }
            }

            _ = enough.TrySetResult();
        });

        try
        {
            await enough.Task.WaitAsync(ChildTimeout);
            if (delayMilliseconds > 0)
            {
                await Task.Delay(delayMilliseconds);
            }

            if (child.HasExited)
            {
                throw new CampaignFailure($"the child exited by itself with code {child.ExitCode} before it was killed: {await errors}");
            }
        }
        catch (TimeoutException)
        {
            throw new CampaignFailure($"the child printed {lines.Count} line(s) in {ChildTimeout.TotalSeconds} s, not the {acknowledgementsBeforeKill + 1} awaited");
        }
        finally
        {
            // SIGKILL: no finalizer, no dispose, no flush of anything the log has not made durable itself.
            child.Kill();
            await child.WaitForExitAsync();
            await reading;
        }

        if (child.ExitCode != ExitCodeOfSigkill)
        {
            throw new CampaignFailure($"the child ended with code {child.ExitCode}, not by SIGKILL: {await errors}");
        }

        _report.Kills++;
        return ParseOutput(lines, AppendUntilKilledProcess.EngineName(options.Engine), await errors);
    }

    private List<AcknowledgedAppend> ParseOutput(List<string> lines, string engine, string errors)
    {
        string opened = AppendUntilKilledProcess.OpenedLine(engine, _model.DurableHigh);
        if (lines.Count == 0 || lines[0] != opened)
        {
            throw new CampaignFailure($"the child's first line was '{(lines.Count > 0 ? lines[0] : "(none)")}', expected '{opened}': {errors}");
        }

        var acknowledged = new List<AcknowledgedAppend>();
        for (int i = 1; i < lines.Count; i++)
        {
            if (AcknowledgedAppend.TryParse(lines[i], out AcknowledgedAppend append))
            {
                acknowledged.Add(append);
            }
            else if (i < lines.Count - 1)
            {
                // Only the last line can have been cut by the kill; its append was acknowledged, but its numbers cannot
                // be trusted, so it counts as an append of unknown outcome.
                throw new CampaignFailure($"the child printed '{lines[i]}', which is not an acknowledgement");
            }
        }

        return acknowledged;
    }

    /// <summary>
    /// Tells the model what the child attempted and what it acknowledged. Each appender printed its
    /// acknowledgements in append order, ordinals 0, 1, 2, ...; it may also have started the next append before the
    /// kill (outcome unknown), and no later one, because it prints before it starts the next.
    /// </summary>
    private void AdoptAcknowledgements(List<AcknowledgedAppend> acknowledged, int round, int appenders)
    {
        var perAppender = new List<AcknowledgedAppend>[appenders];
        for (int appender = 0; appender < appenders; appender++)
        {
            perAppender[appender] = [];
        }

        foreach (AcknowledgedAppend append in acknowledged)
        {
            (int appendRound, int appender, long ordinal) = KilledAppenderRecords.Describe(append.Id);
            if (appendRound != round || appender >= appenders)
            {
                throw new CampaignFailure($"the child acknowledged id {append.Id}, which none of its appenders appends");
            }

            List<AcknowledgedAppend> own = perAppender[appender];
            if (ordinal != own.Count || (own.Count > 0 && append.Sequence <= own[^1].Sequence))
            {
                throw new CampaignFailure(string.Create(
                    CultureInfo.InvariantCulture,
                    $"appender {appender}'s append {ordinal} was acknowledged as sequence {append.Sequence} after {own.Count} acknowledgement(s), the last at {(own.Count > 0 ? own[^1].Sequence : 0)}"));
            }

            own.Add(append);
        }

        for (int appender = 0; appender < appenders; appender++)
        {
            for (long ordinal = 0; ordinal <= perAppender[appender].Count; ordinal++)
            {
                _model.Attempted(KilledAppenderRecords.Create(_seed, KilledAppenderRecords.Id(round, appender, ordinal)), appender);
            }

            foreach (AcknowledgedAppend append in perAppender[appender])
            {
                _model.Acknowledge(append.Sequence, KilledAppenderRecords.Create(_seed, append.Id));
            }
        }

        _report.Acknowledged += acknowledged.Count;
    }

    /// <summary>The first recovery after the kill, with the other engine: every invariant, then a spare segment ready so that reopening has nothing to create.</summary>
    private async Task RecoverAsync(LogOptions options, int acknowledged, long durableBefore)
    {
        await using DurableLog log = await DurableLog.OpenAsync(options);
        CheckEngine(log, options.Engine);
        if (log.Status.Repairs.Length > 0)
        {
            _report.RecoveriesThatRepaired++;
            _note("  repaired: " + log.Status.Repairs);
        }

        _model.VerifyRecovered(log);
        CheckEachAppendersOrder(log);
        _report.RecoveriesFromSnapshots += log.RecoveredSnapshot is null ? 0 : 1;
        _report.RecordsChecked += log.LastSequence;
        _report.UnacknowledgedSurvivors += log.LastSequence - durableBefore - acknowledged;
        // How far the workload went: the highest segment number (segments before the snapshots are retired).
        _report.Segments = Math.Max(_report.Segments, Directory.GetFiles(_dirs.Primary).Select(Path.GetFileName)
            .Select(name => SegmentFileName.TryParse(name!, out uint number) ? (int)number : 0).DefaultIfEmpty(0).Max());
        _note(string.Create(CultureInfo.InvariantCulture, $"  recovered {log.LastSequence} records ({acknowledged} acknowledged this round) in {log.Status.SegmentCount} live segment(s)"));

        var clock = Stopwatch.StartNew();
        while (log.Status.SpareSegmentCount == 0)
        {
            if (log.Status.IsFaulted || clock.Elapsed > ChildTimeout)
            {
                throw new CampaignFailure("the recovered log made no spare segment: " + log.Status.FaultReason);
            }

            await Task.Delay(5);
        }
    }

    /// <summary>The second recovery, with the child's engine: it must change nothing, neither records nor bytes.</summary>
    private async Task RecoverAgainAsync(LogOptions options)
    {
        Dictionary<string, byte[]> before = Fingerprint();
        await using (DurableLog log = await DurableLog.OpenAsync(options))
        {
            CheckEngine(log, options.Engine);
            if (log.Status.Repairs.Length > 0)
            {
                throw new CampaignFailure("the second recovery repaired again: " + log.Status.Repairs);
            }

            _model.VerifyRecovered(log);
            CheckEachAppendersOrder(log);
            _report.RecordsChecked += log.LastSequence;
        }

        Dictionary<string, byte[]> after = Fingerprint();
        string[] changed = [.. before.Keys.Union(after.Keys)
            .Where(file => !before.TryGetValue(file, out byte[]? was) || !after.TryGetValue(file, out byte[]? now) || !was.AsSpan().SequenceEqual(now))
            .Order(StringComparer.Ordinal)];
        if (changed.Length > 0)
        {
            throw new CampaignFailure("the second recovery changed files: " + string.Join(", ", changed));
        }

        _report.NoOpRecoveriesChecked++;
    }

    private static void CheckEngine(DurableLog log, LogEngineKind engine)
    {
        if (log.Status.EngineName != AppendUntilKilledProcess.EngineName(engine))
        {
            throw new CampaignFailure($"the log opened with {log.Status.EngineName}, not {AppendUntilKilledProcess.EngineName(engine)}: {log.Status.EngineReason}");
        }
    }

    /// <summary>
    /// Each appender of each round appended its ordinals in turn, starting the next only once the last was
    /// acknowledged: the log must hold a prefix of them, in sequence order.
    /// </summary>
    private static void CheckEachAppendersOrder(DurableLog log)
    {
        var next = new Dictionary<(int Round, int Appender), long>();
        foreach (LogRecord record in CampaignModel.RecoveredRecords(log))
        {
            (int round, int appender, long ordinal) = KilledAppenderRecords.Describe(KilledAppenderRecords.IdOf(record.Payload.Span));
            long expected = next.GetValueOrDefault((round, appender));
            if (ordinal != expected)
            {
                throw new CampaignFailure(string.Create(
                    CultureInfo.InvariantCulture,
                    $"record {record.Sequence} is round {round} appender {appender}'s append {ordinal}, but that appender's next in the log should be {expected}"));
            }

            next[(round, appender)] = ordinal + 1;
        }
    }

    /// <summary>Every file of both copies but the lock file, by path: equal fingerprints mean nothing changed.</summary>
    private Dictionary<string, byte[]> Fingerprint()
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string directory in new[] { _dirs.Primary, _dirs.Secondary })
        {
            foreach (string file in Directory.GetFiles(directory))
            {
                if (Path.GetFileName(file) != SegmentFileName.LockFile)
                {
                    files[file] = File.ReadAllBytes(file);
                }
            }
        }

        return files;
    }
}
