using Durably.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Durably.Generators.Tests;

/// <summary>
/// Every generator diagnostic (DS0100..DS0117) is reported with its ID at the real source
/// location of the offending declaration, and nothing is generated for what it reports.
/// </summary>
public sealed class DiagnosticTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Durably;\n";

    [Fact]
    public void A_generic_durable_class_is_DS0100()
    {
        Expect("DS0100", "[DurableState] public partial class [|Box|]<T> { [Operation] private void Put(int x) { } }");
    }

    [Fact]
    public void A_generic_operation_is_DS0101()
    {
        Expect("DS0101", "[DurableState] public partial class Box { [Operation] private void [|Put|]<T>(int x) { } }");
    }

    [Theory]
    [InlineData("ref")]
    [InlineData("out")]
    [InlineData("in")]
    [InlineData("ref readonly")]
    public void A_by_reference_parameter_is_DS0102(string modifier)
    {
        string body = modifier == "out" ? "{ x = 0; }" : "{ }";
        Diagnostic diagnostic = Expect("DS0102", "[DurableState] public partial class Box { [Operation] private void Put(" + modifier + " int [|x|]) " + body + " }");
        Assert.Contains("'" + modifier + "'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("int*", "pointers")]
    [InlineData("Action", "delegates")]
    [InlineData("Span<int>", "ref struct")]
    [InlineData("ReadOnlySpan<byte>", "ref struct")]
    [InlineData("object", "'object'")]
    [InlineData("IDisposable", "interface")]
    [InlineData("System.Text.StringBuilder", "framework type")]
    [InlineData("int[,]", "multi-dimensional")]
    [InlineData("List<Func<int>>", "element type")]
    [InlineData("System.Collections.Immutable.ImmutableStack<Action>", "element type")]
    [InlineData("System.Collections.Immutable.IImmutableQueue<Func<int>>", "element type")]
    [InlineData("Holder", "member 'Callback'")]
    [InlineData("Hidden", "field '_secret'")]
    [InlineData("NoSetter", "property 'Value'")]
    [InlineData("Abstract", "abstract")]
    [InlineData("Notifier", "event 'Changed'")]
    public void An_unserializable_parameter_type_is_DS0103_with_the_reason(string type, string reason)
    {
        string source = "[DurableState] public unsafe partial class Box { [Operation] private void Put(" + type + " [|value|]) { } }\n"
            + "public sealed class Holder { public Action? Callback { get; set; } }\n"
            + "public sealed class Hidden { private int _secret; public int Peek() => _secret; }\n"
            + "public sealed class NoSetter { public int Value { get; } }\n"
            + "public abstract class Abstract { public int X { get; set; } }\n"
            + "public sealed class Notifier { public int X { get; set; } public event EventHandler? Changed; }\n";
        Diagnostic diagnostic = Expect("DS0103", source);
        Assert.Contains(reason, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unserializable_field_is_DS0104_at_the_field()
    {
        Expect("DS0104", "[DurableState] public partial class Box { private Func<int>? [|_factory|]; [Operation] private void Put(int x) { } }");
    }

    [Fact]
    public void An_unserializable_auto_property_is_DS0104_at_the_property()
    {
        Expect("DS0104", "[DurableState] public partial class Box { public IDisposable? [|Resource|] { get; private set; } [Operation] private void Put(int x) { } }");
    }

    [Fact]
    public void An_event_in_the_state_is_DS0104()
    {
        Expect("DS0104", "[DurableState] public partial class Box { public event EventHandler? [|Changed|]; [Operation] private void Put(int x) { } }");
    }

    [Fact]
    public void A_state_class_without_parameterless_constructor_is_DS0105()
    {
        Expect("DS0105", "[DurableState] public partial class [|Box|] { public Box(int seed) { } [Operation] private void Put(int x) { } }");
    }

    [Fact]
    public void An_abstract_state_class_is_DS0105()
    {
        Expect("DS0105", "[DurableState] public abstract partial class [|Box|] { [Operation] private void Put(int x) { } }");
    }

    [Fact]
    public void Two_operations_with_one_record_name_are_DS0106()
    {
        Expect("DS0106", "[DurableState] public partial class Box { [Operation] private void Put(int x) { } [Operation(\"Put\")] private void [|Store|](int x) { } }");
    }

    [Fact]
    public void Overloaded_operations_without_stable_names_are_DS0106()
    {
        Expect("DS0106", "[DurableState] public partial class Box { [Operation] private void Put(int x) { } [Operation] private void [|Put|](string x) { } }");
    }

    [Fact]
    public void A_member_named_like_an_entry_point_is_DS0107()
    {
        Expect("DS0107", "[DurableState] public partial class Box { [Operation] private void Put(int x) { } public void [|PutAsync|]() { } }");
    }

    [Fact]
    public void A_member_named_like_a_store_member_is_DS0107()
    {
        Expect("DS0107", "[DurableState] public partial class Box { public int [|Read|]() => 0; [Operation] private void Put(int x) { } }");
    }

    [Fact]
    public void An_operation_whose_entry_point_would_be_OpenAsync_is_DS0107()
    {
        Expect("DS0107", "[DurableState] public partial class Box { [Operation] private void [|Open|]() { } }");
    }

    [Fact]
    public void A_ref_returning_operation_is_DS0108()
    {
        Expect("DS0108", "[DurableState] public partial class Box { private int _x; [Operation] private ref int [|Put|](int x) => ref _x; }");
    }

    [Fact]
    public void A_span_returning_operation_is_DS0108()
    {
        Expect("DS0108", "[DurableState] public partial class Box { [Operation] private Span<int> [|Put|](int x) => default; }");
    }

    [Fact]
    public void A_durable_class_in_a_non_partial_type_is_DS0109()
    {
        Expect("DS0109", "public class Outer { [DurableState] public partial class [|Box|] { [Operation] private void Put(int x) { } } }");
    }

    [Fact]
    public void A_private_nested_durable_class_is_generated_now_that_nothing_is_registered_at_module_start_up()
    {
        GeneratorRun run = GeneratorRun.Run("""
            using System.Collections.Generic;
            using Durably;
            public partial class Outer
            {
                [DurableState]
                private partial class Box
                {
                    private readonly List<int> _items = new();

                    [Operation]
                    private void Put(List<int> items) => _items.AddRange(items);
                }
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        Assert.Contains("List_Int32 = global::Durably.Runtime.BuiltInFormatters.List(ConsumerFormatters.Int32)", run.SharedSource, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_stable_name_is_DS0110()
    {
        Expect("DS0110", "[DurableState] public partial class Box { [Operation(\" \")] private void [|Put|](int x) { } }");
    }

    [Fact]
    public void An_operation_outside_a_durable_class_is_DS0111()
    {
        Expect("DS0111", "public partial class Box { [Operation] private void [|Put|](int x) { } }");
    }

    [Fact]
    public void A_query_not_named_Core_is_DS0112_naming_the_public_member()
    {
        Diagnostic diagnostic = Expect("DS0112", "[DurableState] public partial class Box { private int _n; [Query] private int [|Count|] => _n; }");
        Assert.Contains("'CountCore'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Query] public int [|CountCore|]() => _n;", "is public")]
    [InlineData("[Query] private static int [|CountCore|]() => 0;", "is static")]
    [InlineData("[Query] private int [|CountCore|]<T>() => _n;", "is generic")]
    [InlineData("[Query] private async System.Threading.Tasks.Task<int> [|CountCore|]() { await System.Threading.Tasks.Task.Yield(); return _n; }", "asynchronous")]
    [InlineData("[Query] private System.Threading.Tasks.ValueTask<int> [|CountCore|]() => new(_n);", "asynchronous")]
    [InlineData("[Query] private int [|CountCore|]() { return _n; IEnumerable<int> Local() { yield return 1; } }", "NOT REPORTED")]
    [InlineData("[Query] private void [|CountCore|]() { }", "returns nothing")]
    [InlineData("[Query] private int [|CountCore|](ref int x) => _n;", "by reference")]
    [InlineData("[Query] private ref int [|CountCore|]() => ref _n;", "by reference")]
    [InlineData("[Query] private ReadOnlySpan<int> [|CountCore|]() => default;", "ref struct")]
    [InlineData("[Query] private int [|CountCore|] { get => _n; set => _n = value; }", "setter")]
    [InlineData("[Query] private int [|this|][int i] => _n;", "indexer")]
    public void A_query_of_a_shape_that_cannot_be_wrapped_is_DS0113_with_the_reason(string member, string reason)
    {
        string source = "[DurableState] public partial class Box { private int _n; " + member + " }";
        if (reason == "NOT REPORTED")
        {
            // A yield inside a local function does not make the query an iterator.
            GeneratorRun run = GeneratorRun.Run(Usings + source.Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal));
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Contains("public int Count()", run.StateSource, StringComparison.Ordinal);
            return;
        }

        Diagnostic diagnostic = Expect("DS0113", source);
        Assert.Contains(reason, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void An_iterator_query_is_DS0113()
    {
        Diagnostic diagnostic = Expect("DS0113", "[DurableState] public partial class Box { private int _n; [Query] private IEnumerable<int> [|ItemsCore|]() { yield return _n; } }");
        Assert.Contains("iterator", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_outside_a_durable_class_is_DS0113()
    {
        Expect("DS0113", "public partial class Box { private int _n; [Query] private int [|CountCore|] => _n; }");
    }

    [Theory]
    [InlineData("List<int>", "[.. _items]")]
    [InlineData("int[]", "[.. _items]")]
    [InlineData("IReadOnlyList<int>", "_items")]
    [InlineData("IEnumerable<int>", "_items")]
    [InlineData("object", "_items")]
    [InlineData("Box.Cell", "new Box.Cell()")]
    [InlineData("System.Collections.Immutable.ImmutableArray<Box.Cell>", "[]")]
    [InlineData("System.Text.StringBuilder", "new System.Text.StringBuilder()")]
    [InlineData("Func<int>", "() => 1")]
    [InlineData("(int, List<int>)", "(1, _items)")]
    [InlineData("KeyValuePair<string, List<int>>", "default")]
    public void A_query_returning_something_mutable_is_DS0114(string type, string value)
    {
        Expect("DS0114", "[DurableState] public partial class Box { public sealed class Cell { public int V { get; set; } } private readonly List<int> _items = []; [Query] private " + type + " [|ItemsCore|]() => " + value + "; }");
    }

    [Theory]
    [InlineData("int", "_items.Count")]
    [InlineData("string", "\"x\"")]
    [InlineData("DateTime", "default")]
    [InlineData("decimal?", "null")]
    [InlineData("(int Count, string Name)", "(1, \"x\")")]
    [InlineData("System.Collections.Immutable.ImmutableArray<int>", "[.. _items]")]
    [InlineData("System.Collections.Immutable.ImmutableDictionary<string, Box.Point>", "System.Collections.Immutable.ImmutableDictionary<string, Box.Point>.Empty")]
    [InlineData("Box.Point", "new(1, 2)")]
    [InlineData("Box.Frozen", "new(\"x\", [1])")]
    [InlineData("Box", "this")]
    public void A_query_returning_a_value_or_an_immutable_type_generates(string type, string value)
    {
        GeneratorRun run = GeneratorRun.Run(Usings + "[DurableState] public partial class Box { public readonly record struct Point(int X, int Y); public sealed record Frozen(string Name, System.Collections.Immutable.ImmutableList<int> Values); private readonly List<int> _items = []; [Query] private " + type + " ItemsCore() => " + value + "; }");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains(" Items()", run.StateSource, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("List<int>", "_items.Add(x); return _items;", "'List<int>' is a collection that can be changed")]
    [InlineData("Box.Cell", "_cell.V = x; return _cell;", "settable member 'V'")]
    [InlineData("int[]", "return [x];", "arrays")]
    [InlineData("IReadOnlyList<int>", "return _items;", "interface")]
    [InlineData("Func<int>", "return () => x;", "delegate")]
    public void An_operation_returning_something_mutable_is_DS0116(string type, string body, string reason)
    {
        Diagnostic diagnostic = Expect("DS0116", "[DurableState] public partial class Box { public sealed class Cell { public int V { get; set; } } private readonly List<int> _items = []; private readonly Cell _cell = new(); [Operation] private " + type + " [|Add|](int x) { " + body + " } }");
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("'AddAsync'", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("int", "return _items.Count;")]
    [InlineData("string", "return \"x\" + x;")]
    [InlineData("Box.Frozen", "return new(\"x\", [x]);")]
    [InlineData("System.Collections.Immutable.ImmutableArray<int>", "return [.. _items];")]
    [InlineData("(int Count, bool Added)", "return (_items.Count, true);")]
    public void An_operation_returning_a_value_or_an_immutable_type_generates(string type, string body)
    {
        GeneratorRun run = GeneratorRun.Run(Usings + "[DurableState] public partial class Box { public sealed record Frozen(string Name, System.Collections.Immutable.ImmutableList<int> Values); private readonly List<int> _items = []; [Operation] private " + type + " Add(int x) { _items.Add(x); " + body + " } }");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains(" AddAsync(", run.StateSource, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("record")]
    [InlineData("sealed record")]
    public void A_durable_record_is_DS0117(string keyword)
    {
        Diagnostic diagnostic = Expect("DS0117", "[DurableState] public " + keyword.Replace("record", "partial record", StringComparison.Ordinal) + " [|Box|] { private int _n; [Operation] private void Put(int x) => _n = x; }");
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("ToString", message, StringComparison.Ordinal);
        Assert.Contains("class", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_whose_public_name_is_taken_is_DS0107()
    {
        Expect("DS0107", "[DurableState] public partial class Box { private int _n; public int [|Count|]() => 0; [Query] private int CountCore => _n; }");
    }

    [Fact]
    public void A_query_whose_public_name_is_an_entry_point_is_DS0107()
    {
        Expect("DS0107", "[DurableState] public partial class Box { private int _n; [Operation] private void Put(int x) { _n = x; } [Query] private int [|PutAsyncCore|]() => _n; }");
    }

    [Fact]
    public void A_CancellationToken_operation_parameter_is_DS0115_saying_the_entry_point_takes_one()
    {
        Diagnostic diagnostic = Expect("DS0115", "[DurableState] public partial class Box { [Operation] private void Put(int x, System.Threading.CancellationToken [|token|]) { } }");
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("'PutAsync' already takes one", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_keeps_parameters_defaults_and_params_and_inherits_the_users_docs()
    {
        GeneratorRun run = GeneratorRun.Run(Usings + """
            [DurableState] public partial class Box
            {
                private readonly List<int> _items = [];

                /// <summary>Sums some items.</summary>
                [Query] private int SumCore(int from = 0, params int[] extra) => _items.Skip(from).Sum() + extra.Sum();

                [Query] private int CountCore => _items.Count;

                /// <summary>Adds.</summary>
                [Operation] private void Add(List<int> values) => _items.AddRange(values);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        string source = run.StateSource;
        Assert.Contains("/// <inheritdoc cref=\"SumCore(int, int[])\"/>", source, StringComparison.Ordinal);
        Assert.Contains("public int Sum(int from = 0, params int[] extra)", source, StringComparison.Ordinal);
        Assert.Contains("return this.SumCore(from, extra);", source, StringComparison.Ordinal);
        Assert.Contains("public int Count", source, StringComparison.Ordinal);
        Assert.Contains("/// <summary>Runs the query <c>CountCore</c>", source, StringComparison.Ordinal);
        Assert.Contains("/// <inheritdoc cref=\"Add(global::System.Collections.Generic.List{int})\"/>", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Shapes_the_analyzers_report_are_skipped_without_a_generator_diagnostic()
    {
        GeneratorRun run = GeneratorRun.Run(Usings + """
            [DurableState] public class NotPartial { [Operation] private void Put(int x) { } }
            [DurableState] public partial class Box
            {
                [Operation] public void Public(int x) { }
                [Operation] private static void Static(int x) { }
                [Operation] private async System.Threading.Tasks.Task Async(int x) { await System.Threading.Tasks.Task.Yield(); }
                [Operation] private System.Threading.Tasks.ValueTask TaskReturning(int x) => default;
                [Operation] private IEnumerable<int> Iterator(int x) { yield return x; }
                [Operation] private void Put(int x) { }
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        string source = run.StateSource;
        Assert.Contains("PutAsync(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("PublicAsync", source, StringComparison.Ordinal);
        Assert.DoesNotContain("StaticAsync", source, StringComparison.Ordinal);
        Assert.DoesNotContain("AsyncAsync", source, StringComparison.Ordinal);
        Assert.DoesNotContain("TaskReturningAsync", source, StringComparison.Ordinal);
        Assert.DoesNotContain("IteratorAsync", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_operation_does_not_stop_the_good_ones_from_being_generated()
    {
        GeneratorRun run = GeneratorRun.Run(Usings + """
            [DurableState] public partial class Box
            {
                [Operation] private void Bad(Action callback) { }
                [Operation] private void Good(int x) { }
            }
            """);
        Assert.Equal("DS0103", Assert.Single(run.GeneratorDiagnostics).Id);
        string source = run.StateSource;
        Assert.Contains("GoodAsync(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("BadAsync", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_diagnostic_has_an_error_severity_and_a_help_link_to_its_page()
    {
        foreach (System.Reflection.FieldInfo field in typeof(Durably.SourceModel.DurablyDiagnostics).GetFields()
                     .Where(f => f.FieldType == typeof(DiagnosticDescriptor)))
        {
            var descriptor = (DiagnosticDescriptor)field.GetValue(null)!;
            if (string.CompareOrdinal(descriptor.Id, "DS0100") < 0 || string.CompareOrdinal(descriptor.Id, "DS0199") > 0)
            {
                continue;
            }

            Assert.Equal(DiagnosticSeverity.Error, descriptor.DefaultSeverity);
            Assert.Equal("https://github.com/durably/durably/blob/main/docs/diagnostics/" + descriptor.Id + ".md", descriptor.HelpLinkUri);
        }
    }

    [Fact]
    public void Every_generator_diagnostic_has_a_docs_page_with_a_wrong_and_a_right_example()
    {
        string docs = Path.Combine(RepositoryRoot(), "docs", "diagnostics");
        int pages = 0;
        foreach (DiagnosticDescriptor descriptor in typeof(Durably.SourceModel.DurablyDiagnostics).GetFields()
                     .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
                     .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
                     .Where(d => d.Id.StartsWith("DS01", StringComparison.Ordinal)))
        {
            string page = File.ReadAllText(Path.Combine(docs, descriptor.Id + ".md"));
            Assert.StartsWith("# " + descriptor.Id + ": ", page, StringComparison.Ordinal);
            Assert.Contains("## Wrong", page, StringComparison.Ordinal);
            Assert.Contains("## Right", page, StringComparison.Ordinal);
            pages++;
        }

        Assert.Equal(18, pages);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    /// <summary>
    /// Verifies through Microsoft.CodeAnalysis.Testing that the generator reports exactly <paramref name="id"/>
    /// on the span marked <c>[|...|]</c> (and the consumer compiles otherwise), then returns that
    /// diagnostic from a direct generator run so a test can read its message.
    /// </summary>
    private static Diagnostic Expect(string id, string markedSource)
    {
        string source = Usings + markedSource;
        var test = new DurablyGeneratorTest();
        test.TestState.Sources.Add(("/0/Consumer.cs", source.Replace("[|", "{|" + id + ":", StringComparison.Ordinal)));
        test.RunAsync().GetAwaiter().GetResult();

        MarkedSource marked = MarkedSource.Parse(source);
        GeneratorRun run = GeneratorRun.Run(CompilationFactory.Create("Consumer", [("Consumer.cs", marked.Text)]));
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        return diagnostic;
    }
}
