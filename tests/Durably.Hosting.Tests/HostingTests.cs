using Durably.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Durably.Hosting.Tests;

/// <summary>
/// <c>services.AddDurableState&lt;T&gt;()</c> in a real host: opened on start, recovered on the next
/// start, disposed on stop; a log recovery refuses stops the host from starting; the health check
/// reports faulted and full logs.
/// </summary>
public sealed class HostingTests
{
    [Fact]
    public async Task The_state_is_opened_on_start_disposed_on_stop_and_recovered_by_the_next_host()
    {
        string root = Directory.CreateTempSubdirectory("durably-hosting-").FullName;
        try
        {
            using (IHost host = BuildHost(options => RealFiles(options, root)))
            {
                Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<DurableStateHost<HostedTally>>().Instance);
                await host.StartAsync();
                HostedTally tally = host.Services.GetRequiredService<HostedTally>();
                await tally.AddAsync(40);
                await tally.AddAsync(2);
                Assert.Equal(HealthStatus.Healthy, (await Health(host)).Status);
                await host.StopAsync();
                Assert.False(host.Services.GetRequiredService<DurableStateHost<HostedTally>>().IsOpen);
                Assert.Equal(HealthStatus.Unhealthy, (await Health(host)).Status); // closed
            }

            using IHost again = BuildHost(options => RealFiles(options, root));
            await again.StartAsync();
            Assert.Equal(42, again.Services.GetRequiredService<HostedTally>().Total);
            await again.StopAsync();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_log_that_recovery_refuses_fails_the_host_start_with_the_reason()
    {
        string root = Directory.CreateTempSubdirectory("durably-hosting-").FullName;
        try
        {
            int alignment;
            using (IHost host = BuildHost(options => RealFiles(options, root)))
            {
                await host.StartAsync();
                HostedTally tally = host.Services.GetRequiredService<HostedTally>();
                alignment = tally.DurableStatus.Log.Alignment;
                for (int i = 0; i < 6; i++)
                {
                    await tally.AddAsync(1);
                }

                await host.StopAsync();
            }

            // Record 3 damaged in both copies, records after it intact: acknowledged data would be lost.
            foreach (string copy in new[] { "primary", "secondary" })
            {
                await using var stream = new FileStream(Path.Combine(root, copy, "wal-000000000001.seg"), FileMode.Open, FileAccess.ReadWrite);
                stream.Position = (3 * alignment) + 20;
                int value = stream.ReadByte();
                stream.Position = (3 * alignment) + 20;
                stream.WriteByte((byte)(value ^ 0xFF));
            }

            using IHost refused = BuildHost(options => RealFiles(options, root));
            LogCorruptException error = await Assert.ThrowsAsync<LogCorruptException>(() => refused.StartAsync());
            Assert.Equal(3, error.Sequence);
            Assert.False(refused.Services.GetRequiredService<DurableStateHost<HostedTally>>().IsOpen);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task The_health_check_reports_a_faulted_log_as_unhealthy()
    {
        var storage = new SimulatedStorage(seed: 5);
        storage.AddDisk("/disk1", new SimulatedDiskOptions { Capacity = 1L << 30 });
        SimulatedDisk secondary = storage.AddDisk("/disk2", new SimulatedDiskOptions { Capacity = 1L << 30 });
        using IHost host = BuildHost(options => Simulated(options, storage));
        await host.StartAsync();
        HostedTally tally = host.Services.GetRequiredService<HostedTally>();
        await tally.AddAsync(1);
        Assert.Equal(HealthStatus.Healthy, (await Health(host)).Status);

        secondary.InjectFault(new SimulatedFault(SimulatedFaultKind.SyncError, persistent: true, pathContains: "/state/"));
        await Assert.ThrowsAsync<LogFaultedException>(async () => await tally.AddAsync(1));

        HealthReportEntry entry = await Health(host);
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("faulted", entry.Description, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_health_check_reports_a_full_log_as_degraded_while_reads_go_on()
    {
        var storage = new SimulatedStorage(seed: 6);
        storage.AddDisk("/disk1", new SimulatedDiskOptions { Capacity = 5L << 20 });
        storage.AddDisk("/disk2", new SimulatedDiskOptions { Capacity = 5L << 20 });
        using IHost host = BuildHost(options =>
        {
            Simulated(options, storage);
            options.Log.SpaceRetryInterval = TimeSpan.FromMinutes(1);
        });
        await host.StartAsync();
        HostedTally tally = host.Services.GetRequiredService<HostedTally>();
        string note = new('x', 16 * 1024);
        LogFullException? refused = null;
        for (int i = 0; i < 2000 && refused is null; i++)
        {
            try
            {
                await tally.NoteAsync(note);
            }
            catch (LogFullException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        HealthReportEntry entry = await Health(host);
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("full", entry.Description, StringComparison.Ordinal);
        Assert.True(tally.Notes > 10, "the notes acknowledged before the disk filled are still readable");
        await host.StopAsync();
    }

    [Fact]
    public void A_class_that_is_not_a_durable_state_is_refused_when_registered()
    {
        var services = new ServiceCollection();
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => services.AddDurableState<NotDurable>(_ => { }));
        Assert.Contains("[DurableState]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registering_the_same_state_twice_is_a_clear_error()
    {
        var services = new ServiceCollection();
        services.AddDurableState<HostedTally>(_ => { });
        int registered = services.Count;

        InvalidOperationException twice = Assert.Throws<InvalidOperationException>(() => services.AddDurableState<HostedTally>(_ => { }));
        InvalidOperationException otherOverload = Assert.Throws<InvalidOperationException>(() => services.AddDurableState<HostedTally>((_, _) => { }));

        Assert.Contains("called twice", twice.Message, StringComparison.Ordinal);
        Assert.Contains("called twice", otherOverload.Message, StringComparison.Ordinal);
        Assert.Equal(registered, services.Count); // nothing half-registered
    }

    [Fact]
    public void A_state_already_registered_another_way_is_a_clear_error()
    {
        var services = new ServiceCollection();
        services.AddSingleton<HostedTally>(_ => throw new InvalidOperationException("not the hosted instance"));

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => services.AddDurableState<HostedTally>(_ => { }));

        Assert.Contains("already registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_states_of_the_same_name_in_different_namespaces_get_a_health_check_each()
    {
        string root = Directory.CreateTempSubdirectory("durably-hosting-").FullName;
        try
        {
            HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddLogging();
            builder.Services.AddDurableState<HostedTally>(options => RealFiles(options, Path.Combine(root, "one")));
            builder.Services.AddDurableState<Other.HostedTally>(options => RealFiles(options, Path.Combine(root, "two")));
            using IHost host = builder.Build();
            await host.StartAsync();

            HealthReport report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

            Assert.Equal(HealthStatus.Healthy, report.Entries["durably:HostedTally"].Status);
            Assert.Equal(HealthStatus.Healthy, report.Entries["durably:Durably.Hosting.Tests.Other.HostedTally"].Status);
            await host.StopAsync();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task The_host_leaves_the_callers_options_unchanged_and_still_gives_the_log_its_logger()
    {
        string root = Directory.CreateTempSubdirectory("durably-hosting-").FullName;
        try
        {
            var options = new DurableOptions();
            RealFiles(options, root);
            var logger = new CapturingLogger<DurableStateHost<HostedTally>>();
            await using (var host = new DurableStateHost<HostedTally>(options, logger))
            {
                await host.StartAsync(CancellationToken.None);
                await host.Instance.AddAsync(1);
                await host.StopAsync(CancellationToken.None);
            }

            Assert.Null(options.Logger); // not filled in behind the caller's back
            Assert.Null(options.Log.Logger);
            Assert.Contains(logger.Entries, e => e.Message.Contains("Durably log", StringComparison.Ordinal) && e.Message.Contains("opened", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static IHost BuildHost(Action<DurableOptions> configure)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging();
        builder.Services.AddDurableState<HostedTally>(configure);
        return builder.Build();
    }

    private static void RealFiles(DurableOptions options, string root)
    {
        options.PrimaryDirectory = Path.Combine(root, "primary");
        options.SecondaryDirectory = Path.Combine(root, "secondary");
        options.Log.SegmentSize = 1 << 20;
    }

    private static void Simulated(DurableOptions options, SimulatedStorage storage)
    {
        options.PrimaryDirectory = "/disk1/state";
        options.SecondaryDirectory = "/disk2/state";
        options.Log.SegmentSize = 1 << 20;
        options.Log.CustomEngine = storage.CreateEngine();
    }

    private static async Task<HealthReportEntry> Health(IHost host)
    {
        HealthReport report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries["durably:" + nameof(HostedTally)];
    }

    private sealed class NotDurable : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => default;
    }
}
