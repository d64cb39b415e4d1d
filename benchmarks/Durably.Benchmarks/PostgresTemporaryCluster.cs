using System.Globalization;

namespace Durably.Benchmarks;

/// <summary>
/// A PostgreSQL cluster made for one benchmark run: Debian's server (installed with apt-get when
/// missing), <c>initdb</c> into a fresh directory, fsync=on, synchronous_commit=on,
/// full_page_writes=on, listening only on a Unix socket inside that directory, started with
/// <c>pg_ctl</c> and stopped and deleted on dispose. PostgreSQL refuses to run as root, so when this
/// process is root the cluster belongs to the <c>postgres</c> user (or <c>nobody</c>) and its
/// tools run through <c>runuser</c>.
/// </summary>
internal sealed class PostgresTemporaryCluster : IDisposable
{
    /// <summary>The database role the benchmark connects as (the cluster's bootstrap superuser).</summary>
    internal const string Role = "bench";

    /// <summary>Connections PostgreSQL admits; the benchmark's pool stays below it.</summary>
    internal const int MaxConnections = 128;

    private const int Port = 5432;
    private static readonly string[] ServerTools = ["initdb", "pg_ctl", "postgres"];
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(3);

    private readonly string _binaries;
    private readonly string? _runAs;
    private readonly string _directory;
    private bool _running;
    private int _disposed;

    private PostgresTemporaryCluster(string binaries, string? runAs, string directory, string version)
    {
        _binaries = binaries;
        _runAs = runAs;
        _directory = directory;
        Version = version;
    }

    /// <summary>The server's version line (<c>postgres --version</c>).</summary>
    internal string Version { get; }

    /// <summary>The directory of the server's Unix socket (Npgsql's Host).</summary>
    internal string SocketDirectory => Path.Combine(_directory, "socket");

    /// <summary>The Npgsql connection string for the cluster; <paramref name="poolSize"/> connections at most.</summary>
    internal string ConnectionString(int poolSize) => string.Create(
        CultureInfo.InvariantCulture,
        $"Host={SocketDirectory};Port={Port};Username={Role};Database=postgres;Pooling=true;Maximum Pool Size={poolSize};Timeout=120;Command Timeout=300;Max Auto Prepare=16;No Reset On Close=true");

    /// <summary>Creates and starts a cluster in <paramref name="directory"/> (deleted first if present).</summary>
    internal static PostgresTemporaryCluster Start(string directory)
    {
        string binaries = FindBinaries() ?? InstallAndFind();
        string? runAs = BenchmarkProcess.IsRoot ? ServiceUser() : null;
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(directory, "socket"));
        if (runAs is not null)
        {
            // The cluster's files belong to the user it runs as; every directory above must be traversable.
            BenchmarkProcess.RunOrThrow("chown", ["-R", runAs, directory], ToolTimeout);
            for (string? parent = Path.GetDirectoryName(directory); parent is not null; parent = Path.GetDirectoryName(parent))
            {
                if (OperatingSystem.IsLinux() && !File.GetUnixFileMode(parent).HasFlag(UnixFileMode.OtherExecute))
                {
                    throw new InvalidOperationException($"PostgreSQL runs as {runAs} and cannot enter {parent}: choose a --primary directory whose parents others may traverse.");
                }
            }
        }

        string version = BenchmarkProcess.RunOrThrow(Path.Combine(binaries, "postgres"), ["--version"], ToolTimeout).Trim();
        var cluster = new PostgresTemporaryCluster(binaries, runAs, directory, version);
        try
        {
            cluster.Initialize();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server (fast shutdown) and deletes the cluster's directory.</summary>
    public void Dispose()
    {
        // Ctrl+C and the benchmark's finally may both get here; the first one stops the server.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_running)
        {
            _running = false;
            BenchmarkProcess.Outcome stop = Tool("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "120", "stop"]);
            if (stop.ExitCode != 0)
            {
                Console.Error.WriteLine($"pg_ctl stop exited with {stop.ExitCode}: {stop.Output}");
            }
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>The cluster's data directory (postmaster.pid names the running server).</summary>
    internal string DataDirectory => Path.Combine(_directory, "data");

    private void Initialize()
    {
        // --no-sync: the cluster's initial files need not survive a crash of this machine (the cluster is
        // thrown away); every commit measured afterwards is fsynced under fsync=on.
        Check(Tool("initdb", ["-D", DataDirectory, "-U", Role, "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync"]), "initdb");
        File.AppendAllText(Path.Combine(DataDirectory, "postgresql.conf"), string.Create(CultureInfo.InvariantCulture, $"""

            # Set by the Durably store benchmark: durable commits, one per transaction.
            listen_addresses = ''
            unix_socket_directories = '{SocketDirectory}'
            port = {Port}
            max_connections = {MaxConnections}
            fsync = on
            synchronous_commit = on
            full_page_writes = on
            wal_sync_method = fdatasync
            """));
        Check(Tool("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "120", "start"]), "pg_ctl start");
        _running = true;
    }

    private BenchmarkProcess.Outcome Tool(string name, string[] arguments)
    {
        string program = Path.Combine(_binaries, name);
        return _runAs is null
            ? BenchmarkProcess.Run(program, arguments, ToolTimeout)
            : BenchmarkProcess.Run("runuser", ["-u", _runAs, "--", program, .. arguments], ToolTimeout);
    }

    private void Check(BenchmarkProcess.Outcome outcome, string what)
    {
        if (outcome.ExitCode != 0)
        {
            string log = Path.Combine(_directory, "server.log");
            throw new InvalidOperationException($"{what} exited with {outcome.ExitCode}:\n{outcome.Output}{(File.Exists(log) ? "\nserver log:\n" + File.ReadAllText(log) : string.Empty)}");
        }
    }

    /// <summary>The newest <c>/usr/lib/postgresql/N/bin</c> that has initdb, pg_ctl and postgres.</summary>
    internal static string? FindBinaries()
    {
        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
        {
            return null;
        }

        return Directory.GetDirectories(Root)
            .Select(d => (Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : -1, Bin: Path.Combine(d, "bin")))
            .Where(c => c.Version >= 0 && ServerTools.All(tool => File.Exists(Path.Combine(c.Bin, tool))))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Bin)
            .FirstOrDefault();
    }

    private static string InstallAndFind()
    {
        BenchmarkProcess.AptInstall("postgresql");
        return FindBinaries() ?? throw new InvalidOperationException("apt-get installed postgresql but no /usr/lib/postgresql/N/bin/initdb was found.");
    }

    private static string ServiceUser()
        => BenchmarkProcess.Run("id", ["-u", "postgres"], ToolTimeout).ExitCode == 0 ? "postgres" : "nobody";
}
