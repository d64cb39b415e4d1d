using Durably.Analyzers.Tests.Infrastructure;

namespace Durably.Analyzers.Tests;

/// <summary>
/// DS0013: a non-private member hands out an object held in durable state whose type can be
/// changed (settable members, writable fields, readonly fields holding something mutable).
/// </summary>
public sealed class MutableObjectEscapeTests
{
    private const string Types = """
        public sealed class Box { public int V { get; set; } }
        public sealed class Counter { private int _n; public void Bump() => _n++; public int N => _n; }
        public sealed class Wrapper { private readonly List<int> _items = new(); public void Add(int i) => _items.Add(i); }
        public sealed record Frozen(string Name, int Size);
        public sealed class Sealed { public Sealed(int v) { V = v; } public int V { get; } }
        public readonly record struct Point(int X, int Y);
        public struct Holder { public Box Inner; }

        """;

    [Fact]
    public Task Returning_a_mutable_object_held_in_state_is_reported_in_methods_and_getters() =>
        AnalyzerVerifier.VerifyAsync(
            Types + """
            [DurableState]
            public partial class Shelf
            {
                private readonly Dictionary<string, Box> _boxes = new();
                private Counter _counter = new();
                private Wrapper _wrapper = new();
                private Holder _holder;

                public Box Get(string key) => {|DS0013:{|DS0012:_boxes|}[key]|};

                public Counter Counter => {|DS0013:{|DS0012:_counter|}|};

                internal Wrapper GetWrapper() { return {|DS0013:{|DS0012:_wrapper|}|}; }

                public Holder Holder => {|DS0013:{|DS0012:_holder|}|};

                [Operation]
                private void Put(string key, int v) => _boxes[key] = new Box { V = v };
            }
            """);

    [Fact]
    public Task The_message_names_the_member_the_state_and_why_the_type_is_mutable() =>
        AnalyzerVerifierMessages.AssertMessagesAsync(
            Types + """
            [DurableState]
            public partial class Shelf
            {
                private readonly Dictionary<string, Box> _boxes = new();

                public Box Get(string key) => _boxes[key];

                [Operation]
                private void Put(string key, int v) => _boxes[key] = new Box { V = v };
            }
            """,
            "DS0013",
            "'Shelf.Get()' hands out durable state '_boxes' as 'Box', which can be changed ('Box' has the settable member 'V')");

    [Fact]
    public Task Public_fields_and_auto_properties_of_mutable_types_are_reported() =>
        AnalyzerVerifier.VerifyAsync(
            Types + """
            [DurableState]
            public partial class Shelf
            {
                public Box {|DS0012:{|DS0013:Current|}|} { get; private set; } = new();

                [Operation]
                private void Set(int v) => Current = new Box { V = v };
            }
            """);

    [Fact]
    public Task Immutable_records_values_interfaces_durable_classes_and_private_members_are_not_reported() =>
        AnalyzerVerifier.VerifyAsync(
            Types + """
            [DurableState]
            public partial class Other
            {
                private int _n;

                [Operation]
                private void Bump() => _n++;
            }

            [DurableState]
            public partial class Shelf
            {
                private Frozen _frozen = new("a", 1);
                private Sealed _sealed = new(1);
                private Point _point;
                private readonly Dictionary<string, Box> _boxes = new();
                private readonly Other _other = new();

                [Query]
                private Frozen FrozenCore => _frozen;

                [Query]
                private Sealed SealedCore => _sealed;

                [Query]
                private Point PointCore => _point;

                [Query]
                private object AnythingCore => _boxes;

                [Query]
                private Other OtherCore => _other;

                [Query]
                private int ValueCore(string key) => _boxes[key].V;

                private Box Own(string key) => _boxes[key];

                [Operation]
                private void Put(string key, int v)
                {
                    _boxes[key] = new Box { V = v };
                    _frozen = _frozen with { Size = v };
                    _sealed = new Sealed(v);
                    _point = new Point(v, v);
                    Own(key).V = v;
                }
            }
            """);
}
