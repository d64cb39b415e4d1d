using Durably.Analyzers.Tests.Infrastructure;

namespace Durably.Analyzers.Tests;

/// <summary>DS0001: assignments, increments, deconstruction and by-reference use of durable members.</summary>
public sealed class MutationOutsideOperationTests
{
    [Fact]
    public Task Assignment_in_an_operation_is_allowed_and_in_a_public_method_is_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Counter
            {
                private int _count;
                private string _name = "";

                [Operation]
                private void Add(int amount) { _count += amount; this._name = "added"; _count++; }

                public void Reset() { {|DS0001:_count|} = 0; {|DS0001:this._name|} = ""; }
                public void Bump() { {|DS0001:_count|}++; --{|DS0001:_count|}; {|DS0001:_count|} *= 2; }
                public int Count => {|DS0012:_count|};
            }
            """);

    [Fact]
    public Task Properties_with_private_setters_and_auto_properties_are_durable_members() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Account
            {
                public decimal {|DS0012:Balance|} { get; private set; }
                public string? {|DS0012:Owner|} { get; private set; }

                [Operation]
                private void Deposit(decimal amount) { Balance += amount; Owner ??= "nobody"; }

                public void Hack() { {|DS0001:Balance|} = 1_000_000m; {|DS0001:Owner|} ??= "me"; }
            }
            """);

    [Fact]
    public Task A_setter_body_is_not_reported_because_every_use_of_the_setter_is() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Account
            {
                private decimal _balance;
                public decimal Balance { get => {|DS0012:_balance|}; private set => _balance = value; }

                [Operation]
                private void Deposit(decimal amount) => Balance += amount;

                public void Hack() => {|DS0001:Balance|} = 5m;
            }
            """);

    [Fact]
    public Task Static_durable_fields_are_reported_outside_operations_and_allowed_inside() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Registry
            {
                private static int s_created;
                private static readonly List<string> s_names = new();

                [Operation]
                private void Create(string name) { s_created++; Registry.s_created += 0; }

                public static void Forget() => {|DS0001:s_created|} = 0;
            }

            public static class Outsider
            {
                public static void Touch() => {|DS0001:Registry.Total|} = 3;
            }

            public partial class Registry
            {
                public static int {|DS0012:Total|} { get; set; }
            }
            """);

    [Fact]
    public Task Writes_from_other_classes_and_top_level_code_are_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Account
            {
                public decimal {|DS0012:Balance|} { get; set; }
                internal int {|DS0012:Version|};

                [Operation]
                private void Deposit(decimal amount) => Balance += amount;
            }

            public sealed class Teller
            {
                public void Cheat(Account account)
                {
                    {|DS0001:account.Balance|} = 0;
                    {|DS0001:account.Version|}++;
                    var read = account.Balance + account.Version;
                }
            }
            """);

    [Fact]
    public Task Another_instance_of_the_same_class_is_reported_even_inside_an_operation() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Node
            {
                private int _value;
                private Node? _next;

                [Operation]
                private void Set(int value)
                {
                    _value = value;
                    this._value = value;
                    if (_next is not null) { {|DS0001:_next._value|} = value; }
                }

                [Operation]
                private void CopyFrom(Node other) { _value = other._value; {|DS0001:other._value|} = 0; }
            }
            """);

    [Fact]
    public Task Constructors_and_initializers_are_exempt_including_their_lambdas() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Store
            {
                private int _count = 1;
                private readonly List<int> _items = new() { 1, 2, 3 };
                private static int s_instances;
                public string Name { get; init; } = "store";

                static Store() { s_instances = 0; }

                public Store()
                {
                    _count = 2;
                    _items.Add(4);
                    s_instances++;
                    void Local() => _count++;
                    Local();
                    _items.ForEach(i => _count += i);
                }

                public Store(int start) : this() { (_count, Name) = (start, "x"); }

                [Operation]
                private void Add(int value) => _items.Add(value);
            }
            """);

    [Fact]
    public Task Object_initializers_and_with_expressions_initialize_a_new_value_and_are_not_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            public record struct Point(int X, int Y);

            [DurableState]
            public partial class Shape
            {
                public Point {|DS0012:Origin|} { get; private set; }
                public string {|DS0012:Label|} { get; set; } = "";
                public List<string> {|DS0012:{|DS0009:Tags|}|} { get; } = new();

                [Operation]
                private void Move(int dx) => Origin = Origin with { X = Origin.X + dx };

                public Point Moved(int dx) => {|DS0012:Origin|} with { X = Origin.X + dx };

                public void Recenter() => {|DS0001:Origin|} = Origin with { X = 0 };
            }

            public static class Factory
            {
                public static Shape Make() => new Shape { Label = "made", Tags = { "a", "b" } };
            }
            """);

    [Fact]
    public Task Deconstruction_into_durable_members_is_reported_per_member() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Pair
            {
                private int _left;
                private int _right;

                [Operation]
                private void Swap() => (_left, _right) = (_right, _left);

                public void Reset()
                {
                    ({|DS0001:_left|}, {|DS0001:_right|}) = (0, 0);
                    var (a, b) = (_left, _right);
                    (a, _) = (b, a);
                    ({|DS0001:_left|}, (int c, {|DS0001:_right|})) = (1, (2, 3));
                }
            }
            """);

    [Fact]
    public Task Passing_by_ref_or_out_and_Interlocked_are_reported_but_in_is_not() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Counter
            {
                private long _count;
                private int _flag;

                [Operation]
                private void Increment() { Interlocked.Increment(ref _count); Bump(ref _flag); }

                public void Sneak()
                {
                    Interlocked.Increment(ref {|DS0001:_count|});
                    Interlocked.Exchange(ref {|DS0001:_flag|}, 1);
                    Bump(ref {|DS0001:_flag|});
                    int.TryParse("1", out {|DS0001:_flag|});
                    long read = Interlocked.Read(ref _count);
                    Peek(in _flag);
                }

                private static void Bump(ref int value) => value++;
                private static int Peek(in int value) => value;
            }
            """);

    [Fact]
    public Task Writable_ref_locals_and_ref_returns_are_reported_but_readonly_ones_are_not() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Counter
            {
                private int _count;
                private int[] _slots = new int[4];

                [Operation]
                private void Add() { ref int r = ref _count; r++; }

                public void Sneak()
                {
                    ref int alias = ref {|DS0001:_count|};
                    alias = 5;
                    ref readonly int view = ref _count;
                    ref int slot = ref {|DS0002:_slots[0]|};
                    slot = ref {|DS0001:_count|};
                }

                public ref int Exposed => ref {|DS0001:_count|};
                public ref readonly int Viewed => ref {|DS0012:_count|};
                public ref int ExposedMethod() { return ref {|DS0001:_count|}; }
            }
            """);

    [Fact]
    public Task Lambdas_and_local_functions_belong_to_the_member_they_are_written_in() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Tally
            {
                private int _total;
                private readonly List<int> _values = new();

                [Operation]
                private void AddAll(int[] values)
                {
                    Array.ForEach(values, v => _total += v);
                    void Record(int v) => _values.Add(v);
                    foreach (int v in values) Record(v);
                }

                public Action Later()
                {
                    void Sneak() => {|DS0001:_total|} = 0;
                    Sneak();
                    return () => {|DS0002:_values.Clear()|};
                }
            }
            """);

    [Fact]
    public Task Parts_of_a_partial_class_in_several_files_are_one_durable_class() =>
        AnalyzerVerifier.VerifyAsync(
            """
            [DurableState]
            public partial class Ledger
            {
                private decimal _total;
            }
            """,
            """
            public partial class Ledger
            {
                [Operation]
                private void Add(decimal amount) => _total += amount;
            }
            """,
            """
            public partial class Ledger
            {
                public void Clear() => {|DS0001:_total|} = 0;
            }
            """);

    [Fact]
    public Task Nested_types_are_not_operations_of_the_outer_class() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Outer
            {
                private int _value;

                [Operation]
                private void Set(int value) => _value = value;

                private sealed class Editor
                {
                    public void Edit(Outer outer) => {|DS0001:outer._value|} = 1;
                }

                [DurableState]
                public partial class Inner
                {
                    private int _inner;

                    [Operation]
                    private void Set(int value) => _inner = value;

                    public void Poke(Outer outer) => {|DS0001:outer._value|} = 2;
                }
            }
            """);

    [Fact]
    public Task An_operation_of_one_durable_class_may_not_change_another_durable_class() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Wallet
            {
                public decimal {|DS0012:Cash|} { get; set; }

                [Operation]
                private void Add(decimal amount) => Cash += amount;
            }

            [DurableState]
            public partial class Bank
            {
                private readonly Wallet _wallet = new();
                private decimal _reserve;

                [Operation]
                private void Pay(decimal amount)
                {
                    _reserve -= amount;
                    {|DS0001:_wallet.Cash|} += amount;
                }
            }
            """);

    [Fact]
    public Task Generated_code_is_never_reported() =>
        AnalyzerVerifier.VerifyAsync(
            """
            [DurableState]
            public partial class Counter
            {
                private int _count;

                [Operation]
                private void Add(int amount) => _count += amount;
            }
            """,
            """
            // <auto-generated/>
            #nullable enable
            public partial class Counter
            {
                public System.Threading.Tasks.ValueTask AddAsync(int amount, System.Threading.CancellationToken ct = default)
                {
                    Add(amount);
                    _count = _count;
                    return default;
                }

                internal void RestoreForReplay(int count) => _count = count;
            }
            """);

    [Fact]
    public Task Unsafe_address_of_a_durable_field_is_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public unsafe partial class Raw
            {
                private int _value;

                [Operation]
                private void Set(int value) { fixed (int* p = &_value) { *p = value; } }

                public void Poke() { fixed (int* p = &{|DS0001:_value|}) { *p = 1; } }
            }
            """);
}
