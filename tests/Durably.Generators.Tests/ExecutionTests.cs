using Durably.Generators.Tests.Infrastructure;

namespace Durably.Generators.Tests;

/// <summary>Compiles the version-1 consumer once for all execution tests of this class.</summary>
public sealed class ConsumerVersion1 : IDisposable
{
    public ConsumerVersion1()
    {
        Assembly = ConsumerAssembly.Compile("ConsumerV1", ExecutionConsumer.Version1);
    }

    internal ConsumerAssembly Assembly { get; }

    public void Dispose() => Assembly.Dispose();
}

/// <summary>
/// Generated code, compiled in memory and run against real logs on disk: operations and their
/// results, exceptions (live and replayed), restarts, re-entrancy, the logged-values rule,
/// concurrency, user data types, cancellation and disposal.
/// </summary>
public sealed class ExecutionTests(ConsumerVersion1 consumer) : IClassFixture<ConsumerVersion1>
{
    private const string Scenario = "Consumer.Scenario";

    [Fact]
    public async Task Operations_are_applied_and_return_their_results()
    {
        using var directory = new TemporaryDirectory();
        Assert.Equal("True False 70 30 3", await consumer.Assembly.CallAsync<string>(Scenario, "Basics", directory.Path));
    }

    [Fact]
    public async Task Reopening_replays_every_record_into_a_fresh_instance()
    {
        using var directory = new TemporaryDirectory();
        await consumer.Assembly.CallAsync<string>(Scenario, "Basics", directory.Path);
        Assert.Equal("70 30 3 3 0 deposit alice 100 0", await consumer.Assembly.CallAsync<string>(Scenario, "Reopen", directory.Path));
        Assert.Equal(
            await consumer.Assembly.CallAsync<string>(Scenario, "SnapshotAfterReopen", directory.Path),
            await consumer.Assembly.CallAsync<string>(Scenario, "SnapshotAfterReopen", directory.Path));
    }

    [Fact]
    public async Task An_apply_that_throws_fails_its_caller_and_replays_to_the_same_state()
    {
        using var directory = new TemporaryDirectory();
        string[] live = (await consumer.Assembly.CallAsync<string>(Scenario, "Exceptions", directory.Path)).Split('|');
        Assert.Equal("amount:a deposit must be positive", live[0]);
        Assert.Equal("failed after changing the state", live[1]);
        Assert.Equal("11", live[2]);
        Assert.Equal("-1", live[3]);

        // Replay runs the same records, catches the same exceptions and ends in the same state.
        Assert.Equal(live[4], await consumer.Assembly.CallAsync<string>(Scenario, "SnapshotAfterReopen", directory.Path));
        string reopened = await consumer.Assembly.CallAsync<string>(Scenario, "Reopen", directory.Path);
        Assert.StartsWith("11 0 4 4 2 ", reopened, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calling_an_entry_point_from_inside_an_apply_fails_with_a_clear_exception()
    {
        using var directory = new TemporaryDirectory();
        string[] live = (await consumer.Assembly.CallAsync<string>(Scenario, "Reentrancy", directory.Path)).Split('|');
        Assert.Contains("is being applied", live[0], StringComparison.Ordinal);
        Assert.Contains("Call the other [Operation] method directly", live[0], StringComparison.Ordinal);

        // The direct call before the entry point call took effect; calling operations directly is fine.
        Assert.Equal("1", live[1]);
        Assert.Equal("10", live[2]);
        Assert.Equal(live[3], await consumer.Assembly.CallAsync<string>(Scenario, "SnapshotAfterReopen", directory.Path));
    }

    [Fact]
    public async Task A_recursive_argument_nested_deeper_than_the_reader_allows_is_refused_before_it_is_logged()
    {
        // Each link is one nesting level (generated data formatters take the reader's depth step):
        // 90 fit within the default limit of 100; 150 would log a record no reopen could read.
        using var directory = new TemporaryDirectory();
        Assert.Equal("90 refused 0 90", await consumer.Assembly.CallAsync<string>(Scenario, "DeepChains", directory.Path));
        // One record was logged (the shallow chain) and it replays.
        Assert.Equal("0 0 1 1 0  90", await consumer.Assembly.CallAsync<string>(Scenario, "Reopen", directory.Path));
    }

    [Fact]
    public async Task The_apply_sees_the_logged_values_not_the_callers_objects()
    {
        using var directory = new TemporaryDirectory();
        Assert.Equal("logged", await consumer.Assembly.CallAsync<string>(Scenario, "LoggedValuesRun", directory.Path));
    }

    [Fact]
    public async Task Concurrent_callers_are_applied_one_at_a_time_in_sequence_order()
    {
        using var directory = new TemporaryDirectory();
        Assert.Equal("True True 400 400 400", await consumer.Assembly.CallAsync<string>(Scenario, "Concurrent", directory.Path, 16, 25));
        Assert.Equal("True True 80 80 480", await consumer.Assembly.CallAsync<string>(Scenario, "Concurrent", directory.Path, 4, 20));
    }

    [Fact]
    public async Task User_records_classes_and_structs_round_trip_through_the_log()
    {
        using var directory = new TemporaryDirectory();
        string live = await consumer.Assembly.CallAsync<string>(Scenario, "DataTypes", directory.Path);
        Assert.Equal("Ada:Main 1/Delft/-;Side 2/Leiden/NL:a=1;b=2|Bob::null|Money { Currency = USD, Amount = 12.50 }", live);
        Assert.Equal(live, await consumer.Assembly.CallAsync<string>(Scenario, "DataTypesAfterReopen", directory.Path));
    }

    [Fact]
    public async Task A_cancelled_call_logs_nothing()
    {
        using var directory = new TemporaryDirectory();
        Assert.Equal("cancelled 0 0", await consumer.Assembly.CallAsync<string>(Scenario, "CancelledBeforeLogging", directory.Path));
    }

    [Fact]
    public async Task A_disposed_state_refuses_operations()
    {
        using var directory = new TemporaryDirectory();
        Assert.Equal("disposed", await consumer.Assembly.CallAsync<string>(Scenario, "AfterDispose", directory.Path));
    }

    [Fact]
    public async Task A_state_created_with_new_says_it_must_be_opened()
    {
        string message = await consumer.Assembly.CallAsync<string>(Scenario, "NotOpened");
        Assert.Contains("Bank.DepositAsync needs an open store", message, StringComparison.Ordinal);
    }
}

/// <summary>
/// Two releases of one class over one log: an appended parameter with a default value is a
/// compatible change, a removed operation or a new required parameter is refused with the record
/// that cannot be replayed.
/// </summary>
public sealed class VersioningTests
{
    private const string Scenario = "Consumer.Scenario";

    [Fact]
    public async Task Old_records_replay_with_the_default_of_an_appended_parameter()
    {
        using var directory = new TemporaryDirectory();
        using (ConsumerAssembly v1 = ConsumerAssembly.Compile("BankV1", ExecutionConsumer.Version1))
        {
            Assert.Equal("ok", await v1.CallAsync<string>(Scenario, "LegacyAndDeposits", directory.Path));
        }

        using ConsumerAssembly v2 = ConsumerAssembly.Compile("BankV2", ExecutionConsumer.Version2);
        Assert.Equal("ok", await v2.CallAsync<string>(Scenario, "LegacyAndDeposits", directory.Path));
        string reopened = await v2.CallAsync<string>(Scenario, "Reopen", directory.Path);
        Assert.Equal("20 0 4 4 0 deposit alice 10 none|deposit alice 10 v2 6", reopened);
    }

    [Fact]
    public async Task A_removed_operation_makes_opening_fail_with_the_record_that_needs_it()
    {
        using var directory = new TemporaryDirectory();
        using (ConsumerAssembly v1 = ConsumerAssembly.Compile("BankV1", ExecutionConsumer.Version1))
        {
            await v1.CallAsync<string>(Scenario, "LegacyAndDeposits", directory.Path);
        }

        using ConsumerAssembly v3 = ConsumerAssembly.Compile("BankV3", ExecutionConsumer.WithoutLegacy);
        DurableReplayException error = await Assert.ThrowsAsync<DurableReplayException>(() => v3.CallAsync<string>(Scenario, "Reopen", directory.Path));
        Assert.Equal(2, error.Sequence);
        Assert.Contains("no operation named 'legacy-op'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_parameter_without_a_default_makes_opening_fail_and_says_why()
    {
        using var directory = new TemporaryDirectory();
        using (ConsumerAssembly v1 = ConsumerAssembly.Compile("BankV1", ExecutionConsumer.Version1))
        {
            await v1.CallAsync<string>(Scenario, "LegacyAndDeposits", directory.Path);
        }

        using ConsumerAssembly v4 = ConsumerAssembly.Compile("BankV4", ExecutionConsumer.WithRequiredParameter);
        DurableReplayException error = await Assert.ThrowsAsync<DurableReplayException>(() => v4.CallAsync<string>(Scenario, "Reopen", directory.Path));
        Assert.Equal(1, error.Sequence);
        Assert.Contains("Give the new parameter a default value", error.Message, StringComparison.Ordinal);
    }
}
