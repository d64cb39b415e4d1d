using System.Diagnostics;
using System.Globalization;

namespace Durably.Tool.Output;

/// <summary>
/// Progress of a long scan on standard error, redrawn in place at most ten times a second; silent
/// when standard error is redirected (scripts, CI) or when asked to be quiet, so it never mixes
/// with the results on standard output.
/// </summary>
internal sealed class ScanProgress : IDisposable
{
    private const int BarWidth = 30;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly TextWriter? _error;
    private readonly string _what;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastDrawn = TimeSpan.MinValue;
    private bool _drawn;

    internal ScanProgress(string what, bool enabled)
    {
        _what = what;
        _error = enabled && !Console.IsErrorRedirected ? Console.Error : null;
    }

    /// <summary>Shows <paramref name="done"/> of <paramref name="total"/> (total 0: a count without a bar).</summary>
    internal void Report(long done, long total)
    {
        if (_error is null || _clock.Elapsed - _lastDrawn < Interval)
        {
            return;
        }

        _lastDrawn = _clock.Elapsed;
        string line;
        if (total > 0)
        {
            double fraction = Math.Clamp((double)done / total, 0, 1);
            int filled = (int)(fraction * BarWidth);
            line = string.Create(
                CultureInfo.InvariantCulture,
                $"\r{_what} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction,4:P0} {done}/{total}");
        }
        else
        {
            line = string.Create(CultureInfo.InvariantCulture, $"\r{_what} {done} ({_clock.Elapsed.TotalSeconds:F1} s)");
        }

        _error.Write(line);
        _drawn = true;
    }

    /// <summary>Clears the progress line.</summary>
    public void Dispose()
    {
        if (_error is not null && _drawn)
        {
            _error.Write("\r" + new string(' ', BarWidth + _what.Length + 40) + "\r");
        }
    }
}
