using Durably.Analyzers.CodeFixes;
using Durably.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Durably.Analyzers.Tests;

/// <summary>The DS0009 fix: a read-only declared type and a read-only view of the value.</summary>
public sealed class ExposeReadOnlyCollectionCodeFixTests
{
    [Fact]
    public Task A_list_property_becomes_a_read_only_list_view() =>
        CodeFixVerifier.VerifyFixAsync(
            new ExposeReadOnlyCollectionCodeFix(),
            ExposeReadOnlyCollectionCodeFix.EquivalenceKey,
            ["""
            [DurableState]
            public partial class Catalog
            {
                private readonly List<string> _items = new();

                public List<string> Items => {|DS0009:_items|};
            }
            """],
            ["""
            [DurableState]
            public partial class Catalog
            {
                private readonly List<string> _items = new();

                public IReadOnlyList<string> Items => _items.AsReadOnly();
            }
            """]);

    [Fact]
    public Task A_dictionary_method_returns_a_read_only_dictionary_and_gets_the_using_it_needs() =>
        CodeFixVerifier.VerifyFixAsync(
            new ExposeReadOnlyCollectionCodeFix(),
            ExposeReadOnlyCollectionCodeFix.EquivalenceKey,
            ["""
            namespace Shop;

            [DurableState]
            public partial class Catalog
            {
                private readonly Dictionary<string, int> _stock = new();

                public Dictionary<string, int> Stock()
                {
                    return {|DS0009:_stock|};
                }
            }
            """],
            ["""
            using System.Collections.ObjectModel;

            namespace Shop;

            [DurableState]
            public partial class Catalog
            {
                private readonly Dictionary<string, int> _stock = new();

                public IReadOnlyDictionary<string, int> Stock()
                {
                    return new ReadOnlyDictionary<string, int>(_stock);
                }
            }
            """]);

    [Fact]
    public Task Fix_all_wraps_arrays_sets_and_lists() =>
        CodeFixVerifier.VerifyFixAllAsync(
            new ExposeReadOnlyCollectionCodeFix(),
            ExposeReadOnlyCollectionCodeFix.EquivalenceKey,
            FixAllScope.Document,
            ["""
            using System.Collections.ObjectModel;

            [DurableState]
            public partial class Catalog
            {
                private readonly int[] _scores = new int[3];
                private readonly HashSet<string> _tags = new();
                private readonly List<int> _values = new();

                public int[] Scores => {|DS0009:_scores|};
                public HashSet<string> Tags => {|DS0009:_tags|};
                public IList<int> Values => {|DS0009:_values|};
            }
            """],
            ["""
            using System.Collections.ObjectModel;

            [DurableState]
            public partial class Catalog
            {
                private readonly int[] _scores = new int[3];
                private readonly HashSet<string> _tags = new();
                private readonly List<int> _values = new();

                public IReadOnlyList<int> Scores => Array.AsReadOnly(_scores);
                public IReadOnlySet<string> Tags => new ReadOnlySet<string>(_tags);
                public IReadOnlyList<int> Values => new ReadOnlyCollection<int>(_values);
            }
            """]);
}
