using System.Globalization;
using System.Runtime.InteropServices;

namespace Durably.Benchmarks;

/// <summary>What a recorded number needs beside it: the machine it ran on and how busy that machine was.</summary>
internal static class BenchmarkMachine
{
    /// <summary>One line: processors, CPU model, memory, kernel, distribution, .NET.</summary>
    internal static string Describe()
    {
        string cpu = FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        string? memory = FirstValue("/proc/meminfo", "MemTotal");
        string memoryText = memory is not null && long.TryParse(memory.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kib)
            ? string.Create(CultureInfo.InvariantCulture, $", {kib / (1024.0 * 1024.0):F0} GiB RAM")
            : string.Empty;
        string debian = File.Exists("/etc/debian_version") ? ", Debian " + File.ReadAllText("/etc/debian_version").Trim() : string.Empty;
        string kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.VersionString;
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} CPUs ({cpu}){memoryText}, Linux {kernel}{debian}, {RuntimeInformation.FrameworkDescription}");
    }

    /// <summary>The 1, 5 and 15 minute load averages, as the kernel reports them.</summary>
    internal static string LoadAverage()
        => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The device and file system a directory lives on (from /proc/self/mountinfo), e.g. <c>/dev/vda ext4</c>.</summary>
    internal static string StorageOf(string directory)
    {
        if (!File.Exists("/proc/self/mountinfo"))
        {
            return "unknown";
        }

        string full = Path.GetFullPath(directory);
        string best = "unknown";
        int bestLength = -1;
        foreach (string line in File.ReadLines("/proc/self/mountinfo"))
        {
            // id parent major:minor root mountpoint options ... - fstype source superoptions
            string[] fields = line.Split(' ');
            int separator = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || separator < 0 || separator + 2 >= fields.Length)
            {
                continue;
            }

            string mountPoint = fields[4];
            bool contains = mountPoint == "/" || full == mountPoint || full.StartsWith(mountPoint + "/", StringComparison.Ordinal);
            if (contains && mountPoint.Length > bestLength)
            {
                bestLength = mountPoint.Length;
                best = fields[separator + 2] + " " + fields[separator + 1];
            }
        }

        return best;
    }

    private static string? FirstValue(string file, string key)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        foreach (string line in File.ReadLines(file))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == key)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
