using Durably.Analyzers.Tests.Infrastructure;

namespace Durably.Analyzers.Tests;

/// <summary>
/// DS0016: a lambda or local function that changes durable state and that the operation hands out
/// (returns, stores, subscribes) runs later, after the apply, and never on replay. Code that runs
/// before the operation returns (invoked local functions and lambdas, LINQ consumed at once) is fine.
/// </summary>
public sealed class DeferredStateChangeTests
{
    private const string Hooks = """
        public static class Hooks
        {
            public static Action? Later;
            public static Func<int>? Pending { get; set; }
            public static IEnumerable<int>? Sequence;
            public static readonly List<Action> All = new();
            public static event Action? Changed;
            public static void Raise() => Changed?.Invoke();
        }

        """;

    [Fact]
    public Task Returned_lambdas_local_iterators_and_lazy_queries_that_change_state_are_reported() =>
        AnalyzerVerifier.VerifyAsync(
            Hooks + """
            [DurableState]
            public partial class Counter
            {
                private int _n;
                private readonly List<int> _items = new();

                [Operation]
                private IEnumerable<int> Lazy()
                {
                    return Local();
                    IEnumerable<int> Local() { {|DS0016:_n|}++; yield return _n; }
                }

                [Operation]
                private Func<int> Later() => () => {|DS0016:_n|}++;

                [Operation]
                private IEnumerable<int> Doubled() => _items.Select(x => { {|DS0016:_n|} += x; return x * 2; });

                [Operation]
                private Func<Action> Nested() => () => () => {|DS0016:_items.Add(1)|};

                [Operation]
                private Func<int> Made()
                {
                    return Make();
                    Func<int> Make() => () => {|DS0016:_n|}--;
                }

                [Operation]
                private Action Group()
                {
                    return Bump;
                    void Bump() => {|DS0016:_n|}++;
                }
            }
            """);

    [Fact]
    public Task Stored_and_subscribed_functions_that_change_state_are_reported() =>
        AnalyzerVerifier.VerifyAsync(
            Hooks + """
            [DurableState]
            public partial class Counter
            {
                private int _n;
                private readonly List<int> _items = new();

                [Operation]
                private void Arm()
                {
                    Hooks.Later = () => {|DS0016:_n|}++;
                    Hooks.Pending = () => {|DS0016:_n|} = 5;
                    Hooks.Changed += () => {|DS0016:_items.Clear()|};
                    Action viaLocal = () => {|DS0016:_items.Add(2)|};
                    Hooks.Later += viaLocal;
                    Hooks.Sequence = _items.Where(x => {|DS0016:_n|}++ > x);
                    Hooks.All.Add(() => {|DS0016:_n|}--);
                    var pending = new List<Action>();
                    pending.Add(() => {|DS0016:_n|} += 2);
                    Hooks.All.AddRange(pending);
                    Install();
                    _n += Make()();
                }

                private void Install() => Hooks.Changed += () => {|DS0016:_n|}++;

                // Returned to the operation, which runs it at once: judged where it ends up.
                private Func<int> Make() => () => _n++;
            }
            """);

    [Fact]
    public Task Functions_that_run_before_the_operation_returns_are_not_reported() =>
        AnalyzerVerifier.VerifyAsync(
            "using System.Collections.Immutable;\n" + Hooks + """

            [DurableState]
            public partial class Counter
            {
                private int _n;
                private int _m;
                private readonly List<int> _items = new();

                [Operation]
                private int Eager(int x)
                {
                    _items.ForEach(i => _n += i);
                    _n += _items.Select(i => { _m++; return i; }).Sum();
                    Action bump = () => _n++;
                    bump();
                    Func<int> next = () => ++_m;
                    _n += next();
                    var now = new List<Action>();
                    now.Add(() => _n += 3);
                    now.ForEach(a => a());
                    foreach (int i in Steps())
                    {
                        _n += i;
                    }

                    var copy = _items.Where(i => { _m++; return i > x; }).ToImmutableArray();
                    Hooks.Pending = () => x + copy.Length;
                    Hooks.Pending = () => _n + x;
                    return Local() + copy.Length;

                    int Local() { _n++; return _n; }
                    IEnumerable<int> Steps() { _m++; yield return _m; }
                }
            }
            """);

    [Fact]
    public Task The_message_says_the_change_would_run_after_the_apply_and_never_on_replay() =>
        AnalyzerVerifierMessages.AssertSingleMessageAsync(
            Hooks + """
            [DurableState]
            public partial class Counter
            {
                private int _n;

                [Operation]
                private void Arm() => Hooks.Later = () => _n++;
            }
            """,
            "DS0016",
            "operation 'Arm'",
            "stores",
            "replay would never run it");
}
