using System.Diagnostics;
using System.Text;

namespace Durably.Benchmarks;

/// <summary>Runs the external programs the store benchmark needs (PostgreSQL's tools, apt-get, gnuplot) and reports their failures with their output.</summary>
internal static class BenchmarkProcess
{
    /// <summary>The outcome of one program run.</summary>
    internal sealed record Outcome(int ExitCode, string Output);

    /// <summary>Runs <paramref name="program"/> to completion and returns its exit code and its stdout + stderr.</summary>
    internal static Outcome Run(string program, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds:F0} s:\n{Text(output)}");
        }

        process.WaitForExit();
        return new Outcome(process.ExitCode, Text(output));
    }

    /// <summary>Runs <paramref name="program"/> and throws, with its output, unless it exits with 0.</summary>
    internal static string RunOrThrow(string program, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        string[] list = [.. arguments];
        Outcome outcome = Run(program, list, timeout, environment);
        if (outcome.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', list)} exited with {outcome.ExitCode}:\n{outcome.Output}");
        }

        return outcome.Output;
    }

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    internal static string? FindOnPath(string program)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>True when this process runs as root (installing packages and switching users are possible).</summary>
    internal static bool IsRoot => Environment.UserName == "root";

    /// <summary>Installs Debian packages with apt-get (refreshing the package lists once if the first attempt fails).</summary>
    internal static void AptInstall(params string[] packages)
    {
        if (!IsRoot)
        {
            throw new InvalidOperationException($"{string.Join(", ", packages)} is missing and this process is not root, so it cannot install it: run `apt-get install -y {string.Join(' ', packages)}` as root.");
        }

        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        Console.Error.WriteLine($"installing {string.Join(", ", packages)} with apt-get ...");
        if (Run("apt-get", ["install", "-y", "--no-install-recommends", .. packages], TimeSpan.FromMinutes(10), environment).ExitCode == 0)
        {
            return;
        }

        RunOrThrow("apt-get", ["update"], TimeSpan.FromMinutes(10), environment);
        RunOrThrow("apt-get", ["install", "-y", "--no-install-recommends", .. packages], TimeSpan.FromMinutes(10), environment);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
