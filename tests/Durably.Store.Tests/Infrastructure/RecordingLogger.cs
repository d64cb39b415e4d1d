using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Durably.Store.Tests.Infrastructure;

/// <summary>An <see cref="ILogger"/> that keeps every event it is given: id, level, structured values and text.</summary>
internal sealed class RecordingLogger : ILogger
{
    internal sealed record Event(EventId Id, LogLevel Level, IReadOnlyDictionary<string, object?> Values, string Text);

    public ConcurrentQueue<Event> Events { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = new Dictionary<string, object?>();
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach ((string key, object? value) in pairs)
            {
                values[key] = value;
            }
        }

        Events.Enqueue(new Event(eventId, logLevel, values, formatter(state, exception)));
    }
}
