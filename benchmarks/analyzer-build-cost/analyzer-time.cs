// In-process measurement of the Durably analyzers alone, without `dotnet build`'s process and
// scheduling noise: compiles the generated solution's sources once per round, runs the analyzers
// with execution-time logging, and prints Roslyn's own per-analyzer account.
// Usage: dotnet run benchmarks/analyzer-build-cost/analyzer-time.cs -- <generated-dir> [rounds]
#:package Microsoft.CodeAnalysis.CSharp
#:project ../../analyzers/Durably.Analyzers/Durably.Analyzers.csproj
#:project ../../src/Durably/Durably.csproj
#:property PublishAot=false
#:property OutputType=Exe

using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Durably;
using Durably.Analyzers;
using Durably.SourceModel.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using Microsoft.CodeAnalysis.Text;

string sources = Path.Combine(args[0], "src");
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;

List<SyntaxTree> trees = [.. Directory.GetFiles(sources, "*.cs").Order(StringComparer.Ordinal)
    .Select(file => CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file))];
trees.Add(CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.Linq;"));
List<MetadataReference> references = [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
    .Split(Path.PathSeparator)
    .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) == "netstandard.dll")
    .Select(path => MetadataReference.CreateFromFile(path))];
references.Add(MetadataReference.CreateFromFile(typeof(DurableStateAttribute).Assembly.Location));

ImmutableArray<DiagnosticAnalyzer> analyzers = [new LogBeforeMutateAnalyzer(), new DurableShapeAnalyzer(), new MutableStateEscapeAnalyzer(), new UnsynchronizedReadAnalyzer(), new SchemaLockAnalyzer()];

// The schema lock check runs as in a project that has committed its lock: the lock the build
// writes for this code, so the check reads, extracts, compares and finds nothing.
CSharpCompilation lockSource = CSharpCompilation.Create("BuildCost", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
string lockText = SchemaLockCheck.Run(lockSource, SchemaExtractor.FindStates(lockSource), lockText: null).ProposedText;
ImmutableArray<AdditionalText> additionalFiles = [new LockFile(Path.Combine(args[0], "DurableSchema.lock"), lockText)];
var perAnalyzer = analyzers.ToDictionary(a => a.GetType().Name, _ => new List<double>());
var compileTimes = new List<double>();
for (int round = 0; round < rounds; round++)
{
    CSharpCompilation compilation = CSharpCompilation.Create("BuildCost", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    var clock = Stopwatch.StartNew();
    int errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
    compileTimes.Add(clock.Elapsed.TotalMilliseconds);
    if (errors > 0)
    {
        throw new InvalidOperationException($"The generated sources do not compile ({errors} errors).");
    }

    CompilationWithAnalyzers withAnalyzers = compilation.WithAnalyzers(
        analyzers,
        new CompilationWithAnalyzersOptions(new AnalyzerOptions(additionalFiles), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
    ImmutableArray<Diagnostic> diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    if (!diagnostics.IsEmpty)
    {
        throw new InvalidOperationException("The correct generated sources got diagnostics: " + diagnostics[0]);
    }

    foreach (DiagnosticAnalyzer analyzer in analyzers)
    {
        AnalyzerTelemetryInfo info = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        perAnalyzer[analyzer.GetType().Name].Add(info.ExecutionTime.TotalMilliseconds);
    }
}

// The first rounds pay for JIT; the median of the later ones is the steady state.
static double Median(IEnumerable<double> values)
{
    double[] sorted = [.. values.Order()];
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

int skip = Math.Min(2, rounds - 1);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| measure (in process, {trees.Count - 1} files, {rounds - skip} steady rounds after {skip} warm-up) | median ms | first round ms |"));
Console.WriteLine("|---|---|---|");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| compiler: bind + emit diagnostics | {Median(compileTimes.Skip(skip)):F0} | {compileTimes[0]:F0} |"));
double total = 0;
foreach ((string name, List<double> times) in perAnalyzer)
{
    double median = Median(times.Skip(skip));
    total += median;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {median:F0} | {times[0]:F0} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all Durably analyzers | {total:F0} | |"));

/// <summary>The lock as the compiler passes an additional file.</summary>
internal sealed class LockFile(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
