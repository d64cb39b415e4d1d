using Durably.IO;
using Durably.IO.Linux;

namespace Durably.Storage.Tests.IoUring;

/// <summary>
/// Which engine a log gets: Auto takes io_uring here, the option and <c>DURABLY_IO_ENGINE</c> force either engine (an
/// explicit option beats the variable, the variable beats Auto), and a real setup failure reaches the status with
/// its classified reason.
/// </summary>
public sealed class IoUringEngineSelectionTests
{
    [IoUringFact]
    public async Task Auto_takes_io_uring_on_this_machine_and_says_so_in_the_status_and_the_open_message()
    {
        Assert.True(
            string.IsNullOrEmpty(Environment.GetEnvironmentVariable(IoEngineSelection.EnvironmentVariable)),
            "DURABLY_IO_ENGINE is set in the test environment; Auto cannot be observed");
        using var dirs = new TemporaryLogDirectories();
        var messages = new List<string>();
        LogOptions options = dirs.Options();
        options.Engine = LogEngineKind.Auto;
        options.OnMessage = m => { lock (messages) { messages.Add(m); } };

        await using DurableLog log = await DurableLog.OpenAsync(options);

        Assert.Equal("io_uring", log.Status.EngineName);
        Assert.StartsWith("Auto: io_uring: linked WRITE_FIXED -> FSYNC(DATASYNC)", log.Status.EngineReason, StringComparison.Ordinal);
        Assert.Equal(1, await log.AppendAsync(new byte[] { 1, 2, 3 }));
        lock (messages)
        {
            Assert.Contains(messages, m => m.Contains("engine io_uring (Auto: io_uring", StringComparison.Ordinal));
        }
    }

    [IoUringFact]
    public void The_environment_variable_forces_either_engine_over_Auto_but_not_over_an_explicit_option()
    {
        Assert.Equal(
            [("io_uring", "Auto: io_uring"), ("portable", "DURABLY_IO_ENGINE=portable"), ("io_uring", "DURABLY_IO_ENGINE=io_uring"), ("io_uring", "Auto: io_uring")],
            new[] { null, "portable", "io_uring", " AUTO " }.Select(value => Chosen(LogEngineKind.Auto, value)).ToArray());

        Assert.Equal(("portable", "requested (LogEngineKind.Portable)"), Chosen(LogEngineKind.Portable, "io_uring"));
        Assert.Equal(("io_uring", "requested (LogEngineKind.IoUring)"), Chosen(LogEngineKind.IoUring, "portable"));
    }

    [Fact]
    public void An_unknown_value_of_the_environment_variable_is_refused_rather_than_ignored()
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(() => IoEngineSelection.ParseEnvironment("uring-please"));
        Assert.Contains("DURABLY_IO_ENGINE=uring-please is not an engine", refused.Message, StringComparison.Ordinal);
        Assert.Equal(LogEngineKind.Auto, IoEngineSelection.ParseEnvironment(null));
        Assert.Equal(LogEngineKind.Auto, IoEngineSelection.ParseEnvironment(string.Empty));
        Assert.Equal(LogEngineKind.IoUring, IoEngineSelection.ParseEnvironment("IO_URING"));
        Assert.Equal(LogEngineKind.Portable, IoEngineSelection.ParseEnvironment("portable"));
    }

    [Fact]
    public async Task Forcing_Portable_by_option_shows_portable_in_the_status()
    {
        using var dirs = new TemporaryLogDirectories();
        await using DurableLog log = await DurableLog.OpenAsync(dirs.Options());

        Assert.Equal("portable", log.Status.EngineName, ignoreCase: true);
        Assert.StartsWith("requested (LogEngineKind.Portable)", log.Status.EngineReason, StringComparison.Ordinal);
    }

    [IoUringFact]
    public void Manual_scheduling_keeps_Auto_on_Portable_because_a_single_issuer_ring_refuses_other_threads()
    {
        var options = new LogOptions { Engine = LogEngineKind.Auto, ManualScheduling = true };
        (IoEngine engine, string reason, _) = IoEngineSelection.Choose(options, environmentValue: null);
        using (engine)
        {
            Assert.IsType<PortableEngine>(engine);
            Assert.Contains("manual scheduling", reason, StringComparison.Ordinal);
        }
    }

    [IoUringFact]
    public async Task A_real_setup_failure_falls_back_to_Portable_with_the_classified_reason_in_status_and_messages()
    {
        using var dirs = new TemporaryLogDirectories();
        var messages = new List<string>();
        LogOptions options = dirs.Options();
        options.Engine = LogEngineKind.Auto;
        options.OnMessage = m => { lock (messages) { messages.Add(m); } };

        // DEFER_TASKRUN without SINGLE_ISSUER: the kernel answers io_uring_setup with EINVAL.
        var rejected = new IoUringRingOptions { SetupLadder = [IoUringSetupOptions.DeferTaskRun] };
        options.RingOptions = rejected;
        await using DurableLog log = await DurableLog.OpenAsync(options);

        Assert.Equal("portable", log.Status.EngineName, ignoreCase: true);
        Assert.StartsWith("Auto: io_uring unavailable: EINVAL (setup flags rejected; tried [", log.Status.EngineReason, StringComparison.Ordinal);
        Assert.EndsWith("; using pwrite + fdatasync system calls", log.Status.EngineReason, StringComparison.Ordinal);
        lock (messages)
        {
            Assert.Contains(messages, m => m.Contains("io_uring unavailable: EINVAL", StringComparison.Ordinal));
        }

        using var other = new TemporaryLogDirectories();
        LogOptions requested = other.Options();
        requested.Engine = LogEngineKind.IoUring;
        requested.RingOptions = rejected;
        PlatformNotSupportedException refused = await Assert.ThrowsAsync<PlatformNotSupportedException>(
            async () => await DurableLog.OpenAsync(requested));
        Assert.StartsWith("LogEngineKind.IoUring was requested, but io_uring unavailable: EINVAL", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blocked_and_missing_io_uring_are_explained_in_the_terms_an_operator_acts_on()
    {
        IoUringSetupOptions[] tried = [IoUringSetupOptions.SingleIssuer];
        Assert.Equal(
            "io_uring unavailable: EPERM (seccomp or kernel.io_uring_disabled; kernel.io_uring_disabled = 0, so most likely a seccomp filter such as a container's default profile)",
            IoUringUnavailableException.FromSetupFailure(Errno.EPERM, tried, "0").Message);
        Assert.Equal(
            "io_uring unavailable: ENOSYS (kernel too old or built without io_uring)",
            IoUringUnavailableException.FromSetupFailure(Errno.ENOSYS, tried, null).Message);
    }

    private static (string Engine, string ReasonStart) Chosen(LogEngineKind kind, string? environmentValue)
    {
        (IoEngine engine, string reason, _) = IoEngineSelection.Choose(new LogOptions { Engine = kind }, environmentValue);
        using (engine)
        {
            string name = engine.Name.ToLowerInvariant();
            int colon = reason.IndexOf(':', StringComparison.Ordinal);
            string start = reason.StartsWith("Auto: ", StringComparison.Ordinal) ? reason[..(colon + 10)] : reason[..colon];
            return (name, start);
        }
    }
}
