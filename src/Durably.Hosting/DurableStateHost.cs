using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Durably.Hosting;

/// <summary>
/// Owns one <c>[DurableState]</c> instance for the host's lifetime: opens it (recovering the log)
/// when the host starts, so a log that recovery refuses stops the host from starting, and disposes
/// it when the host stops, after the operations in flight complete.
/// </summary>
/// <typeparam name="T">The <c>[DurableState]</c> class.</typeparam>
public sealed partial class DurableStateHost<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.PublicProperties)] T> : IHostedService, IAsyncDisposable
    where T : class, IAsyncDisposable
{
    private readonly DurableOptions _options;
    private readonly ILogger _logger;
    private T? _instance;

    /// <summary>Creates the host of one state; registered by <c>services.AddDurableState&lt;T&gt;(...)</c>.</summary>
    /// <param name="options">Where the state's log lives. Not changed: the host opens the state with a copy.</param>
    /// <param name="logger">Where opening and closing are reported (and, unless the options name another, the log's events).</param>
    public DurableStateHost(DurableOptions options, ILogger<DurableStateHost<T>> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;

        // The log reports through the host's logger unless the options name another; the caller's
        // options are left as they are (they may be shared, or read again), so the host keeps a copy.
        _options = options.Clone();
        _options.Logger ??= logger;
    }

    /// <summary>The open state. Throws until the host has started it, and after it stopped.</summary>
    public T Instance => Volatile.Read(ref _instance) ?? throw new InvalidOperationException(
        $"{typeof(T).Name} is not open: it is opened when the host starts (IHost.StartAsync or RunAsync) and closed when it stops.");

    /// <summary>True while the state is open.</summary>
    public bool IsOpen => Volatile.Read(ref _instance) is not null;

    /// <summary>The state's status (log, last applied sequence, fault), or null while it is not open.</summary>
    public DurableStoreStatus? Status => Volatile.Read(ref _instance) is { } instance ? DurableStateAccessors<T>.Status(instance) : null;

    /// <summary>Opens (recovers) the state. A log that cannot be opened fails the host's start with the reason.</summary>
    /// <param name="cancellationToken">Cancels opening between recovery steps.</param>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            T instance = await DurableStateAccessors<T>.OpenAsync(_options, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _instance, instance);
            DurableStoreStatus status = DurableStateAccessors<T>.Status(instance);
            LogOpened(_logger, typeof(T).Name, status.LastAppliedSequence, status.ReplayedRecords);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogOpenFailed(_logger, e, typeof(T).Name, _options.PrimaryDirectory, _options.SecondaryDirectory);
            throw;
        }
    }

    /// <summary>Closes the state: operations already accepted complete, new ones are refused.</summary>
    /// <param name="cancellationToken">Not observed: closing a log is not abandoned half-way.</param>
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <summary>Closes the state if it is open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _instance, null) is { } instance)
        {
            await instance.DisposeAsync().ConfigureAwait(false);
            LogClosed(_logger, typeof(T).Name);
        }
    }

    [LoggerMessage(EventId = 2001, EventName = "DurableStateOpened", Level = LogLevel.Information,
        Message = "{StateType} opened: last applied sequence {LastSequence}, {ReplayedRecords} records replayed")]
    private static partial void LogOpened(ILogger logger, string stateType, long lastSequence, long replayedRecords);

    [LoggerMessage(EventId = 2002, EventName = "DurableStateOpenFailed", Level = LogLevel.Critical,
        Message = "{StateType} could not be opened from {PrimaryDirectory} and {SecondaryDirectory}; the host does not start")]
    private static partial void LogOpenFailed(ILogger logger, Exception exception, string stateType, string primaryDirectory, string? secondaryDirectory);

    [LoggerMessage(EventId = 2003, EventName = "DurableStateClosed", Level = LogLevel.Information,
        Message = "{StateType} closed")]
    private static partial void LogClosed(ILogger logger, string stateType);
}
