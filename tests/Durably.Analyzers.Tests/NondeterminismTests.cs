using Durably.Analyzers.Tests.Infrastructure;

namespace Durably.Analyzers.Tests;

/// <summary>DS0004: what differs between the live run of an operation and its replay.</summary>
public sealed class NondeterminismTests
{
    [Fact]
    public Task Clocks_random_and_guids_are_reported_inside_operations_only() =>
        AnalyzerVerifier.VerifyAsync("""
            using System.Diagnostics;
            using System.Security.Cryptography;

            [DurableState]
            public partial class Journal
            {
                private readonly List<string> _lines = new();

                [Operation]
                private void Write(string line, DateTime at)
                {
                    _lines.Add(line + at);
                    _lines.Add({|DS0004:DateTime.Now|}.ToString());
                    _lines.Add({|DS0004:DateTime.UtcNow|}.ToString());
                    _lines.Add({|DS0004:DateTime.Today|}.ToString());
                    _lines.Add({|DS0004:DateTimeOffset.UtcNow|}.ToString());
                    _lines.Add({|DS0004:Environment.TickCount64|}.ToString());
                    _lines.Add({|DS0004:Guid.NewGuid()|}.ToString());
                    _lines.Add({|DS0004:new Random()|}.Next().ToString());
                    _lines.Add({|DS0004:Random.Shared|}.Next().ToString());
                    _lines.Add(new Random(42).Next().ToString());
                    _lines.Add({|DS0004:RandomNumberGenerator.GetInt32(10)|}.ToString());
                    _lines.Add({|DS0004:Stopwatch.GetTimestamp()|}.ToString());
                    _lines.Add({|DS0004:{|DS0004:TimeProvider.System|}.GetUtcNow()|}.ToString());
                    _lines.Add({|DS0004:Environment.GetEnvironmentVariable("HOME")|} ?? "");
                    _lines.Add(DateTime.MinValue.ToString() + at.AddDays(1));
                }

                public string Stamp() => DateTime.UtcNow.ToString() + Guid.NewGuid();
            }
            """);

    [Fact]
    public Task IO_threads_timers_and_await_are_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            using System.IO;
            using System.Net.Http;

            [DurableState]
            public partial class Importer
            {
                private readonly List<string> _lines = new();

                [Operation]
                private void Import(string path)
                {
                    _lines.AddRange({|DS0004:File.ReadAllLines(path)|});
                    {|DS0004:Console.WriteLine(path)|};
                    bool exists = {|DS0004:Directory.Exists(path)|};
                    using var client = {|DS0004:new HttpClient()|};
                    {|DS0004:Task.Run(() => { })|};
                    {|DS0004:Thread.Sleep(1)|};
                    var thread = {|DS0004:new Thread(() => { })|};
                    using var reader = new StreamReader(new MemoryStream());
                    Func<Task> later = async () => {|DS0004:await {|DS0004:Task.Delay(1)|}|};
                    _lines.Add(Path.Combine("a", "b"));
                    _lines.Add({|DS0004:"x".GetHashCode()|}.ToString());
                }
            }
            """);

    [Fact]
    public Task Helpers_reached_from_operations_are_checked_and_others_are_not() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Orders
            {
                private readonly Dictionary<Guid, string> _orders = new();

                public Orders() => Seed();

                [Operation]
                private void Place(string item) => _orders[NewId()] = item;

                private Guid NewId() => {|DS0004:Guid.NewGuid()|};
                private void Seed() => _orders[Guid.Empty] = DateTime.UtcNow.ToString();
                public Guid PublicId() => Guid.NewGuid();
            }
            """);

    [Fact]
    public async Task The_message_says_to_pass_the_value_in_and_names_the_operation()
    {
        var diagnostics = await AnalyzerVerifier.GetDiagnosticsAsync(
            [("Test0.cs", """
                [DurableState]
                public partial class Orders
                {
                    private DateTime _last;

                    [Operation]
                    private void Touch() => _last = Now();

                    private DateTime Now() => DateTime.UtcNow;
                }
                """)],
            AnalyzerVerifier.AnalyzerOptionsWith());
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "'DateTime.UtcNow' reads the clock, so replaying operation 'Touch' (through 'Now') could give a different result; pass the value in as a parameter",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task Async_foreach_and_async_using_inside_operations_are_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Feed
            {
                private int _count;

                [Operation]
                private void Consume(IAsyncEnumerable<int> items, IAsyncDisposable resource)
                {
                    Func<Task> run = async () =>
                    {
                        {|DS0004:await|} foreach (int item in items) { _count += item; }
                        {|DS0004:await|} using (resource) { }
                        {|DS0004:await|} using var again = resource;
                    };
                }
            }
            """);
}
