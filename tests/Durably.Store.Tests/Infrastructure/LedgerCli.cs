using System.Diagnostics;

namespace Durably.Store.Tests.Infrastructure;

/// <summary>Runs the built Ledger sample as a separate process, as a user would from a shell.</summary>
internal sealed class LedgerCli
{
    /// <summary>The variable the Ledger reads to end with its parent (its ParentWatch).</summary>
    internal const string ParentVariable = "LEDGER_PARENT_PID";

    private readonly string[] _directories;

    public LedgerCli(string root, int segmentMegabytes = 4, int? snapshotEvery = null)
        : this(Path.Combine(root, "primary"), Path.Combine(root, "secondary"), segmentMegabytes, snapshotEvery)
    {
    }

    public LedgerCli(string primary, string secondary, int segmentMegabytes = 4, int? snapshotEvery = null)
    {
        string segment = segmentMegabytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _directories = snapshotEvery is { } every
            ? ["--primary", primary, "--secondary", secondary, "--segment-mb", segment, "--snapshot-every", every.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : ["--primary", primary, "--secondary", secondary, "--segment-mb", segment];
    }

    /// <summary>Starts a command with the ledger's directory options appended; output is redirected.</summary>
    public Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The ledger ends with this test host instead of outliving it (a load runs until killed).
        start.Environment[ParentVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Ledger.dll"));
        foreach (string argument in arguments.Concat(_directories))
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs a command to completion.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        using Process process = Start(arguments);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
