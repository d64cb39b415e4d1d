using System.Globalization;

namespace Durably.Benchmarks;

/// <summary>
/// The store benchmark's command line:
/// <c>store [--seconds S] [--warmup S] [--callers 1,16,256,1024] [--systems floor,store,log,sqlite,fasterlog,postgres]
/// [--rounds N] [--quick] [--no-verify] [--engine auto|iouring|portable] [--no-fdatasync] [--no-dsync] [--sync-continuations] [--no-snapshots] [--frames-in-flight N] [--idle-spin-us N] [--primary DIR] [--secondary DIR] [--results DIR] [--no-plots] [--png]</c>.
/// </summary>
internal sealed record StoreBenchmarkOptions(
    string Primary,
    string Secondary,
    TimeSpan Duration,
    TimeSpan Warmup,
    IReadOnlyList<int> Callers,
    IReadOnlySet<StoreBenchmarkSystem> Systems,
    bool VerifyAfterWrite,
    string? ResultsDirectory,
    bool PngPlots,
    LogEngineKind Engine = LogEngineKind.Auto,
    bool FdatasyncAfterWrite = true,
    TimeSpan? IdleSpin = null,
    bool StoreSnapshots = true,
    int FramesInFlight = 0,
    bool OpenWithDataSync = true,
    bool SynchronousContinuations = false,
    int Rounds = 1)
{
    /// <summary>Every system, in the order the rows and columns show them.</summary>
    internal static readonly StoreBenchmarkSystem[] AllSystems = Enum.GetValues<StoreBenchmarkSystem>();

    private static readonly string[] ValueOptions = ["--seconds", "--warmup", "--callers", "--systems", "--primary", "--secondary", "--results", "--engine", "--idle-spin-us", "--frames-in-flight", "--rounds"];
    private static readonly string[] Switches = ["--quick", "--no-verify", "--no-plots", "--png", "--no-fdatasync", "--no-dsync", "--sync-continuations", "--no-snapshots"];

    /// <summary>The usage line printed for a bad option.</summary>
    internal const string Usage =
        "store [--seconds S (3)] [--warmup S (1)] [--callers 1,16,256,1024] [--systems floor,store,log,sqlite,fasterlog,postgres] " +
        "[--rounds N (1; every row N times, rounds alternating, tables show medians and ratio ranges)] " +
        "[--quick (callers 1,256, 2 s rows)] [--no-verify] [--engine auto|iouring|portable (auto)] [--no-fdatasync (O_DSYNC writes alone make frames durable)] [--no-dsync (segments opened without O_DSYNC: fdatasync alone makes frames durable)] [--sync-continuations (the store row with DurableOptions.AllowSynchronousContinuations)] [--idle-spin-us N (the log thread's idle spin, to compare)] [--frames-in-flight N (the log's default)] [--no-snapshots (a breakdown: the store row without automatic snapshots)] [--primary DIR] [--secondary DIR] [--results DIR (benchmarks/results)] [--no-plots] [--png (PNG plots instead of SVG)]";

    /// <summary>Parses the arguments after <c>store</c>; throws <see cref="ArgumentException"/> with the usage for a bad one.</summary>
    internal static StoreBenchmarkOptions Parse(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (ValueOptions.Contains(args[i]))
            {
                i++;
            }
            else if (!Switches.Contains(args[i]))
            {
                throw new ArgumentException($"Unknown option '{args[i]}'. Usage: {Usage}");
            }
        }

        string root = Path.Combine(Path.GetTempPath(), "durably-store-bench");
        bool quick = args.Contains("--quick");
        double seconds = Number(Option(args, "--seconds")) ?? (quick ? 2 : 3);
        double warmup = Number(Option(args, "--warmup")) ?? Math.Min(1, seconds / 2);
        int[] callers = Option(args, "--callers") is { } list
            ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseCallers)]
            : quick ? [1, 256] : [1, 16, 256, 1024];
        StoreBenchmarkSystem[] systems = Option(args, "--systems") is { } names
            ? [.. names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseSystem)]
            : AllSystems;
        if (seconds <= 0 || warmup < 0 || callers.Length == 0 || systems.Length == 0)
        {
            throw new ArgumentException("Durations must be positive and the caller and system lists not empty. Usage: " + Usage);
        }

        if (args.Contains("--no-fdatasync") && args.Contains("--no-dsync"))
        {
            throw new ArgumentException("--no-fdatasync and --no-dsync together would leave nothing to make a frame durable. Usage: " + Usage);
        }

        string? results = args.Contains("--no-plots") ? null : Option(args, "--results") ?? DefaultResultsDirectory();
        return new StoreBenchmarkOptions(
            Option(args, "--primary") ?? Path.Combine(root, "primary"),
            Option(args, "--secondary") ?? Path.Combine(root, "secondary"),
            TimeSpan.FromSeconds(seconds),
            TimeSpan.FromSeconds(warmup),
            callers,
            new HashSet<StoreBenchmarkSystem>(systems),
            !args.Contains("--no-verify"),
            results,
            args.Contains("--png"),
            Option(args, "--engine") is { } engine
                ? Enum.TryParse(engine.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out LogEngineKind kind) && kind is LogEngineKind.Auto or LogEngineKind.IoUring or LogEngineKind.Portable
                    ? kind
                    : throw new ArgumentException($"Unknown engine '{engine}'. Usage: {Usage}")
                : LogEngineKind.Auto,
            !args.Contains("--no-fdatasync"),
            Number(Option(args, "--idle-spin-us")) is { } spin ? TimeSpan.FromMicroseconds(spin) : null,
            !args.Contains("--no-snapshots"),
            Option(args, "--frames-in-flight") is { } frames
                ? int.TryParse(frames, NumberStyles.None, CultureInfo.InvariantCulture, out int depth) && depth is >= 1 and <= 4
                    ? depth
                    : throw new ArgumentException($"--frames-in-flight takes 1 to 4, not '{frames}'. Usage: {Usage}")
                : 0,
            !args.Contains("--no-dsync"),
            args.Contains("--sync-continuations"),
            Option(args, "--rounds") is { } rounds
                ? int.TryParse(rounds, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count is >= 1 and <= 20
                    ? count
                    : throw new ArgumentException($"--rounds takes 1 to 20, not '{rounds}'. Usage: {Usage}")
                : 1);
    }

    /// <summary>The repository's <c>benchmarks/results</c>, found from the working directory upwards; null outside a checkout.</summary>
    private static string? DefaultResultsDirectory()
    {
        for (string? directory = Environment.CurrentDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Framework.sln")))
            {
                return Path.Combine(directory, "benchmarks", "results");
            }
        }

        return null;
    }

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0)
        {
            return null;
        }

        return at + 1 < args.Length ? args[at + 1] : throw new ArgumentException($"{name} needs a value. Usage: {Usage}");
    }

    private static double? Number(string? text)
        => text is null ? null
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value
            : throw new ArgumentException($"'{text}' is not a number. Usage: {Usage}");

    private static int ParseCallers(string text)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value
            : throw new ArgumentException($"'{text}' is not a positive caller count. Usage: {Usage}");

    private static StoreBenchmarkSystem ParseSystem(string text)
        => !char.IsAsciiDigit(text[0]) && Enum.TryParse(text, ignoreCase: true, out StoreBenchmarkSystem value) && Enum.IsDefined(value) ? value
            : throw new ArgumentException($"'{text}' is not a system ({string.Join(", ", AllSystems).ToLowerInvariant()}). Usage: {Usage}");
}
