namespace Durably.Benchmarks.Tests;

public sealed class StoreBenchmarkOptionsTests
{
    [Fact]
    public void Defaults_are_the_issue_table_callers_every_system_and_three_second_rows()
    {
        StoreBenchmarkOptions options = StoreBenchmarkOptions.Parse(["--no-plots"]);

        Assert.Equal([1, 16, 256, 1024], options.Callers);
        Assert.Equal(StoreBenchmarkOptions.AllSystems.ToHashSet(), options.Systems);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Duration);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Warmup);
        Assert.True(options.VerifyAfterWrite);
        Assert.Null(options.ResultsDirectory);
    }

    [Fact]
    public void Options_choose_callers_systems_durations_and_verify()
    {
        StoreBenchmarkOptions options = StoreBenchmarkOptions.Parse(
            ["--callers", "1, 64", "--systems", "store,SQLite,postgres", "--seconds", "0.5", "--warmup", "0", "--no-verify", "--results", "plots", "--png"]);

        Assert.Equal([1, 64], options.Callers);
        Assert.Equal(new HashSet<StoreBenchmarkSystem> { StoreBenchmarkSystem.Store, StoreBenchmarkSystem.Sqlite, StoreBenchmarkSystem.Postgres }, options.Systems);
        Assert.Equal(TimeSpan.FromSeconds(0.5), options.Duration);
        Assert.Equal(TimeSpan.Zero, options.Warmup);
        Assert.False(options.VerifyAfterWrite);
        Assert.Equal("plots", options.ResultsDirectory);
        Assert.True(options.PngPlots);
    }

    [Fact]
    public void Snapshots_stay_on_unless_the_breakdown_asks_for_the_store_without_them()
    {
        Assert.True(StoreBenchmarkOptions.Parse([]).StoreSnapshots);
        Assert.False(StoreBenchmarkOptions.Parse(["--no-snapshots"]).StoreSnapshots);
    }

    [Fact]
    public void The_durability_recipe_is_o_dsync_writes_and_fdatasync_unless_one_of_them_is_switched_off()
    {
        StoreBenchmarkOptions defaults = StoreBenchmarkOptions.Parse([]);
        Assert.True(defaults.OpenWithDataSync);
        Assert.True(defaults.FdatasyncAfterWrite);
        Assert.False(StoreBenchmarkOptions.Parse(["--no-dsync"]).OpenWithDataSync);
        Assert.False(StoreBenchmarkOptions.Parse(["--no-fdatasync"]).FdatasyncAfterWrite);

        ArgumentException both = Assert.Throws<ArgumentException>(() => StoreBenchmarkOptions.Parse(["--no-dsync", "--no-fdatasync"]));
        Assert.Contains("nothing to make a frame durable", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Continuations_go_to_the_thread_pool_unless_the_store_row_is_asked_to_run_them_synchronously()
    {
        Assert.False(StoreBenchmarkOptions.Parse([]).SynchronousContinuations);
        Assert.True(StoreBenchmarkOptions.Parse(["--sync-continuations"]).SynchronousContinuations);
    }

    [Fact]
    public void Quick_is_two_caller_counts_with_shorter_rows()
    {
        StoreBenchmarkOptions options = StoreBenchmarkOptions.Parse(["--quick"]);

        Assert.Equal([1, 256], options.Callers);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Duration);
    }

    [Fact]
    public void Rows_are_measured_once_unless_rounds_are_asked_for()
    {
        Assert.Equal(1, StoreBenchmarkOptions.Parse([]).Rounds);
        Assert.Equal(5, StoreBenchmarkOptions.Parse(["--rounds", "5"]).Rounds);
    }

    [Theory]
    [InlineData("--rounds", "0")]
    [InlineData("--rounds", "21")]
    [InlineData("--rounds", "three")]
    [InlineData("--secnds", "3")]
    [InlineData("--callers", "0")]
    [InlineData("--callers", "-4")]
    [InlineData("--callers", "many")]
    [InlineData("--systems", "mysql")]
    [InlineData("--systems", "1")]
    [InlineData("--seconds", "fast")]
    [InlineData("--seconds", "0")]
    [InlineData("--warmup", "-1")]
    public void A_bad_option_is_refused_with_the_usage(string name, string value)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => StoreBenchmarkOptions.Parse([name, value]));

        Assert.Contains("Usage: store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_without_its_value_is_refused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => StoreBenchmarkOptions.Parse(["--callers"]));

        Assert.Contains("--callers needs a value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_harness_exits_with_2_and_runs_nothing_for_a_bad_option()
    {
        Assert.Equal(2, StoreBenchmarkHarness.Run(["--systems", "oracle"]));
    }
}
