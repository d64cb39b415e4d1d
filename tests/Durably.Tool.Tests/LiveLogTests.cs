using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Durably.Tool.Tests;

/// <summary>
/// The durably tool on a log held open by another process that keeps appending: it must say who
/// has the log open, read it without the lock (the writer is never disturbed) and not mistake the
/// moving end for damage.
/// </summary>
public sealed class LiveLogTests
{
    [Fact]
    public async Task Status_verify_and_dump_read_a_log_another_process_is_appending_to()
    {
        using var log = new TemporaryLog();
        using Process writer = StartWriter(log);
        try
        {
            Assert.Equal("open", await writer.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
            await Task.Delay(500); // let the log grow past a few segments' worth of frames

            ToolProcess.Result status = ToolProcess.Run("status", log.Primary, log.Secondary, "--json");
            Assert.Equal(0, status.ExitCode);
            JsonElement root = JsonDocument.Parse(status.Output).RootElement;
            Assert.True(root.GetProperty("openElsewhere").GetBoolean());
            Assert.Contains(
                root.GetProperty("openBy").EnumerateArray(),
                h => h.GetProperty("pid").GetInt32() == writer.Id
                    && h.GetProperty("lockFile").GetString()!.StartsWith("pid " + writer.Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

            for (int round = 0; round < 3; round++)
            {
                ToolProcess.Result verify = ToolProcess.Run("verify", log.Primary, log.Secondary);
                Assert.True(verify.ExitCode == 0, $"verify of a live log, round {round}: exit {verify.ExitCode}\n{verify.Output}\n{verify.Error}");
                Assert.Contains("open in pid " + writer.Id.ToString(CultureInfo.InvariantCulture), verify.Error, StringComparison.Ordinal);
            }

            ToolProcess.Result dump = ToolProcess.Run("dump", log.Primary, log.Secondary, "--to", "10", "--json");
            Assert.Equal(0, dump.ExitCode);
            Assert.Equal(10, dump.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.False(writer.HasExited, "the writer stopped while the tool read its log");
        }
        finally
        {
            writer.StandardInput.Close();
        }

        string? summary = await writer.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await writer.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(writer.ExitCode == 0, "the writer failed: " + summary + await writer.StandardError.ReadToEndAsync());
        long last = long.Parse(summary!.Split(' ')[^1], CultureInfo.InvariantCulture);
        Assert.True(last > 10, summary);

        // Closed now: the whole log, every acknowledged record of the writer, verifies.
        ToolProcess.Result after = ToolProcess.Run("status", log.Primary, log.Secondary, "--json");
        JsonElement closed = JsonDocument.Parse(after.Output).RootElement;
        Assert.False(closed.GetProperty("openElsewhere").GetBoolean());
        Assert.Equal(last, closed.GetProperty("lastSequence").GetInt64());
        Assert.Equal(0, ToolProcess.Run("verify", log.Primary, log.Secondary).ExitCode);
    }

    private static Process StartWriter(TemporaryLog log)
    {
        var start = new ProcessStartInfo(ToolProcess.DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add(Program.AppendLiveVerb);
        start.ArgumentList.Add(log.Primary);
        start.ArgumentList.Add(log.Secondary);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the writer");
    }
}
