using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Durably.Orders.Tests;

/// <summary>The Orders sample started as a real process on a free loopback port, over log directories of the test's.</summary>
internal sealed class OrdersService : IDisposable
{
    private readonly Process _process;

    private OrdersService(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    internal Uri Address { get; }

    internal static async Task<OrdersService> StartAsync(string root)
    {
        int port = FreePort();
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Orders.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        start.ArgumentList.Add("--Durably:PrimaryDirectory");
        start.ArgumentList.Add(Path.Combine(root, "primary"));
        start.ArgumentList.Add("--Durably:SecondaryDirectory");
        start.ArgumentList.Add(Path.Combine(root, "secondary"));
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start the Orders sample");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new OrdersService(process, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));

        using var client = new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("the Orders sample exited with code " + process.ExitCode);
            }

            try
            {
                using HttpResponseMessage health = await client.GetAsync(new Uri("health", UriKind.Relative));
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        service.Dispose();
        throw new TimeoutException("the Orders sample did not become healthy in 90 s");
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing the process could do.</summary>
    internal void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
