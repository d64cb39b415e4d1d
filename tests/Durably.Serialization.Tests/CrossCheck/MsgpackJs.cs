using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Durably.Serialization.Tests.CrossCheck;

/// <summary>
/// The reference JavaScript implementation, @msgpack/msgpack, installed with npm into a temporary
/// folder once per test run and driven through node with one batched request.
/// </summary>
public sealed class MsgpackJs : IDisposable
{
    private const string Package = "@msgpack/msgpack@3";
    private const string ScriptName = "msgpack-crosscheck.cjs";

    private readonly DirectoryInfo _directory;

    public MsgpackJs()
    {
        _directory = Directory.CreateTempSubdirectory("durably-msgpack-js-");
        try
        {
            RequireTool("node");
            RequireTool("npm");
            Run("npm", ["install", "--prefix", _directory.FullName, Package, "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(3));
            File.Copy(Path.Combine(AppContext.BaseDirectory, "CrossCheck", ScriptName), Path.Combine(_directory.FullName, ScriptName));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Decodes each hex message, and encodes each JavaScript expression, in one node process.</summary>
    public JsResponse Run(IReadOnlyDictionary<string, string> decodeHex, IReadOnlyDictionary<string, (string Expression, object? Options)> encode)
    {
        string requestPath = Path.Combine(_directory.FullName, $"request-{Guid.NewGuid():N}.json");
        string responsePath = Path.ChangeExtension(requestPath, ".response.json");
        var request = new Dictionary<string, object>
        {
            ["decode"] = decodeHex.Select(p => new Dictionary<string, string> { ["id"] = p.Key, ["hex"] = p.Value }).ToArray(),
            ["encode"] = encode.Select(p => new Dictionary<string, object?> { ["id"] = p.Key, ["expr"] = p.Value.Expression, ["options"] = p.Value.Options }).ToArray(),
        };
        File.WriteAllText(requestPath, JsonSerializer.Serialize(request));
        Run("node", [Path.Combine(_directory.FullName, ScriptName), _directory.FullName, requestPath, responsePath], TimeSpan.FromMinutes(2));

        using JsonDocument response = JsonDocument.Parse(File.ReadAllBytes(responsePath));
        var decoded = new Dictionary<string, string>();
        foreach (JsonProperty property in response.RootElement.GetProperty("decoded").EnumerateObject())
        {
            decoded[property.Name] = property.Value.GetString()!;
        }

        var encoded = new Dictionary<string, (string? Hex, string? Canonical, string? Error)>();
        foreach (JsonProperty property in response.RootElement.GetProperty("encoded").EnumerateObject())
        {
            JsonElement value = property.Value;
            encoded[property.Name] = value.TryGetProperty("error", out JsonElement error)
                ? (null, null, error.GetString())
                : (value.GetProperty("hex").GetString(), value.GetProperty("canonical").GetString(), null);
        }

        return new JsResponse(decoded, encoded);
    }

    public void Dispose()
    {
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the OS cleans temp.
        }
    }

    private static void RequireTool(string tool)
    {
        try
        {
            Run(tool, ["--version"], TimeSpan.FromSeconds(60));
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"The MessagePack cross-check test needs node and npm on PATH (for example: apt-get install -y nodejs npm), but '{tool}' could not be started: {ex.Message}", ex);
        }
    }

    private static void Run(string fileName, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {timeout}.");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' exited with {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }
    }
}

/// <summary>What node reported: canonical text per decoded message, hex and canonical text per encoded expression.</summary>
public sealed record JsResponse(
    IReadOnlyDictionary<string, string> Decoded,
    IReadOnlyDictionary<string, (string? Hex, string? Canonical, string? Error)> Encoded);
