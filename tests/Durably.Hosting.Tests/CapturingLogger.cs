using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Durably.Hosting.Tests;

/// <summary>A logger that keeps every message it is given, to see where a host's and a log's events go.</summary>
/// <typeparam name="T">The category.</typeparam>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    internal ConcurrentQueue<(EventId Id, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Entries.Enqueue((eventId, formatter(state, exception)));
    }
}
