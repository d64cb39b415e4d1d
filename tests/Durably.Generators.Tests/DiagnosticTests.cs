using Durably.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Durably.Generators.Tests;

/// <summary>
/// Every generator diagnostic (DS0100..DS0111) is reported with its ID at the real source
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
    public void A_private_nested_durable_class_is_DS0109()
    {
        Expect("DS0109", "public partial class Outer { [DurableState] private partial class [|Box|] { [Operation] private void Put(int x) { } } }");
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
                [Operation] private void Put(int x) { }
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        string source = Assert.Single(run.GeneratedSources).Value;
        Assert.Contains("PutAsync(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("PublicAsync", source, StringComparison.Ordinal);
        Assert.DoesNotContain("StaticAsync", source, StringComparison.Ordinal);
        Assert.DoesNotContain("AsyncAsync", source, StringComparison.Ordinal);
        Assert.DoesNotContain("TaskReturningAsync", source, StringComparison.Ordinal);
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
        string source = Assert.Single(run.GeneratedSources).Value;
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

        Assert.Equal(12, pages);
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
