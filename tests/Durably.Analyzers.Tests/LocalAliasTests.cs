using Durably.Analyzers.Tests.Infrastructure;

namespace Durably.Analyzers.Tests;

/// <summary>Changes made through locals that stand for durable values.</summary>
public sealed class LocalAliasTests
{
    [Fact]
    public Task Changes_through_aliasing_locals_are_reported_outside_operations_and_allowed_inside() =>
        AnalyzerVerifier.VerifyAsync("""
            public sealed class Order { public string Status { get; set; } = ""; public List<string> Lines { get; } = new(); }

            [DurableState]
            public partial class Orders
            {
                private readonly List<string> _names = new();
                private readonly Dictionary<int, Order> _orders = new();
                private readonly Dictionary<string, List<int>> _byKey = new();

                [Operation]
                private void Ship(int id)
                {
                    var names = _names;
                    names.Add("shipped");
                    foreach (var order in _orders.Values) order.Status = "shipped";
                    if (_byKey.TryGetValue("k", out var list)) list.Add(id);
                }

                public void Tamper(int id)
                {
                    var names = _names;
                    {|DS0002:names.Add("x")|};
                    var order = _orders[id];
                    {|DS0002:order.Status|} = "lost";
                    {|DS0002:order.Lines.Clear()|};
                    foreach (var each in _orders.Values) { {|DS0002:each.Status|} = "x"; }
                    foreach (var pair in _orders) { {|DS0002:pair.Value.Lines.Add("y")|}; }
                    if (_byKey.TryGetValue("k", out var list)) { {|DS0002:list.Add(id)|}; }
                    if (_byKey.TryGetValue("k", out List<int>? typed)) { {|DS0002:typed.Clear()|}; }
                }
            }
            """);

    [Fact]
    public Task Copies_reassigned_locals_and_struct_copies_are_not_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            public struct Stats { public int Hits; }

            [DurableState]
            public partial class Orders
            {
                private readonly List<string> _names = new();
                private Stats _stats;
                private int _count;
                private readonly Dictionary<string, int> _counts = new();

                [Operation]
                private void Add(string name) { _names.Add(name); _stats.Hits++; _count++; }

                public int Work()
                {
                    var copy = {|DS0012:_names|}.ToList();
                    copy.Add("x");
                    var fresh = _names;
                    fresh = new List<string>();
                    fresh.Add("y");
                    var stats = _stats;
                    stats.Hits++;
                    int count = _count;
                    count++;
                    if (_counts.TryGetValue("a", out int n)) n++;
                    foreach (string name in _names) { string upper = name.ToUpperInvariant(); }
                    return stats.Hits + count + n + copy.Count + fresh.Count;
                }
            }
            """);
}
