using Durably.Analyzers.Tests.Infrastructure;

namespace Durably.Analyzers.Tests;

/// <summary>DS0009: durable collections handed out as mutable types.</summary>
public sealed class MutableStateEscapeTests
{
    [Fact]
    public Task Returning_a_durable_collection_as_its_mutable_type_is_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Catalog
            {
                private readonly List<string> _items = new();
                private readonly Dictionary<string, int> _stock = new();
                private readonly HashSet<string> _tags = new();
                private readonly int[] _scores = new int[3];
                private readonly Dictionary<string, List<int>> _history = new();

                [Operation]
                private void Add(string item) => _items.Add(item);

                public List<string> Items => {|DS0012:{|DS0009:_items|}|};
                public Dictionary<string, int> Stock { get { return {|DS0012:{|DS0009:_stock|}|}; } }
                public ISet<string> Tags() => {|DS0012:{|DS0009:_tags|}|};
                internal int[] Scores => {|DS0012:{|DS0009:_scores|}|};
                public List<int> HistoryOf(string key) => {|DS0009:{|DS0012:_history|}[key]|};
                public ICollection<string> AsCollection() => {|DS0012:{|DS0009:this._items|}|};
            }
            """);

    [Fact]
    public Task Read_only_views_copies_and_private_members_are_not_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            using System.Collections.Immutable;
            using System.Collections.ObjectModel;

            [DurableState]
            public partial class Catalog
            {
                private readonly List<string> _items = new();
                private ImmutableList<string> _frozen = ImmutableList<string>.Empty;
                private readonly Dictionary<string, int> _stock = new();

                [Operation]
                private void Add(string item) { _items.Add(item); _frozen = _frozen.Add(item); }

                public IReadOnlyList<string> Items => {|DS0012:_items|};
                public ReadOnlyCollection<string> View => {|DS0012:_items|}.AsReadOnly();
                public IEnumerable<string> Enumerate() => {|DS0012:_items|};
                public List<string> Copy() => {|DS0012:_items|}.ToList();
                public List<string> Fresh() => new({|DS0012:_items|});
                public ImmutableList<string> Frozen => {|DS0012:_frozen|};
                public IReadOnlyDictionary<string, int> Stock => {|DS0012:_stock|};
                private List<string> Internal => _items;
                public Func<List<string>> Later => () => {|DS0012:_items|};
            }
            """);

    [Fact]
    public Task Public_fields_and_auto_properties_of_mutable_collection_types_are_reported() =>
        AnalyzerVerifier.VerifyAsync("""
            [DurableState]
            public partial class Catalog
            {
                public readonly List<string> {|DS0012:{|DS0009:Items|}|} = new();
                public Dictionary<string, int> {|DS0012:{|DS0009:Stock|}|} { get; } = new();
                public Queue<int> {|DS0012:{|DS0009:Pending|}|} { get; private set; } = new();
                public IReadOnlyList<string> {|DS0012:View|} { get; private set; } = [];
                private readonly List<string> _hidden = new();
                public string {|DS0012:Name|} { get; private set; } = "";

                [Operation]
                private void Add(string item) { Items.Add(item); Stock[item] = 1; Pending.Enqueue(1); _hidden.Add(item); }
            }
            """);
}
