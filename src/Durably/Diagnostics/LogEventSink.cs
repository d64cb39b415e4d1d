using Microsoft.Extensions.Logging;

namespace Durably.Diagnostics;

/// <summary>
/// Where a log's events go: the <see cref="ILogger"/> of its options (structured, with event ids),
/// the plain-text <c>OnMessage</c> callback kept for callers without a logging framework, and the
/// fault counter. A failing callback or logger never breaks the log.
/// </summary>
internal sealed class LogEventSink
{
    private readonly ILogger? _logger;
    private readonly Action<string>? _onMessage;

    internal LogEventSink(ILogger? logger, Action<string>? onMessage, StateMetrics metrics)
    {
        _logger = logger;
        _onMessage = onMessage;
        Metrics = metrics;
    }

    internal StateMetrics Metrics { get; }

    internal string LogId { get; set; } = string.Empty;

    internal void Opened(string engine, string engineReason, int alignment, string copies, string durability, long lastSequence, string text)
    {
        Safely(logger => LogMessages.Opened(logger, LogId, Metrics.StateType, engine, engineReason, alignment, copies, durability, lastSequence));
        Text(text);
    }

    internal void Warning(string warning)
    {
        Safely(logger => LogMessages.ConfigurationWarning(logger, LogId, Metrics.StateType, warning));
        Text("Warning: " + warning);
    }

    internal void Repaired(string repairs)
    {
        Safely(logger => LogMessages.Repaired(logger, LogId, Metrics.StateType, repairs));
        Text("Recovery: " + repairs);
    }

    internal void Faulted(string cause)
    {
        Metrics.Faulted();
        Safely(logger => LogMessages.Faulted(logger, LogId, Metrics.StateType, cause));
        Text("Faulted: " + cause + " Appends fail until the log is reopened.");
    }

    internal void Full(string reason)
    {
        Safely(logger => LogMessages.Full(logger, LogId, Metrics.StateType, reason));
        Text("Full: " + reason + " Appends that do not fit are refused until space is freed.");
    }

    /// <summary>What the snapshot writer reports: a snapshot made durable, segments retired, a cleanup that failed (kept for later).</summary>
    internal void Snapshot(string detail)
    {
        // The writer's failures say "could not" or "failed": nothing is lost, but the disks want a look.
        bool problem = detail.Contains("could not", StringComparison.Ordinal) || detail.Contains("failed", StringComparison.Ordinal);
        Safely(logger =>
        {
            if (problem)
            {
                LogMessages.SnapshotProblem(logger, LogId, Metrics.StateType, detail);
            }
            else
            {
                LogMessages.SnapshotReport(logger, LogId, Metrics.StateType, detail);
            }
        });
        Text(detail);
    }

    /// <summary>A snapshot that was not taken at all (its state would not serialize); nothing is lost.</summary>
    internal void SnapshotProblem(string detail)
    {
        Safely(logger => LogMessages.SnapshotProblem(logger, LogId, Metrics.StateType, detail));
        Text(detail);
    }

    internal void BuffersKept(string detail)
    {
        Safely(logger => LogMessages.BuffersKept(logger, LogId, Metrics.StateType, detail));
        Text(detail);
    }

    private void Safely(Action<ILogger> log)
    {
        if (_logger is null)
        {
            return;
        }

        try
        {
            log(_logger);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failing logger must not break the log.
        }
    }

    private void Text(string message)
    {
        try
        {
            _onMessage?.Invoke(message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failing message callback must not break the log.
        }
    }
}
