using Durably.Analyzers.CodeFixes;
using Durably.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Durably.Analyzers.Tests;

/// <summary>
/// The DS0009 fix: the member becomes a private [Query] XxxCore that returns an immutable copy taken
/// under the store's read lock (the generator's public Xxx takes the lock), so neither DS0009 nor
/// DS0012 is left behind. A read-only view would still be a live read outside the lock.
/// </summary>
public sealed class ReturnImmutableCopyCodeFixTests
{
    [Fact]
    public Task A_list_property_becomes_a_query_returning_an_immutable_copy() =>
        CodeFixVerifier.VerifyFixAsync(
            new ReturnImmutableCopyCodeFix(),
            ReturnImmutableCopyCodeFix.EquivalenceKey,
            ["""
            [DurableState]
            public partial class Catalog
            {
                private readonly List<string> _items = new();

                /// <summary>The items.</summary>
                public List<string> Items => {|DS0012:{|DS0009:_items|}|};
            }
            """],
            ["""
            using System.Collections.Immutable;

            [DurableState]
            public partial class Catalog
            {
                private readonly List<string> _items = new();

                /// <summary>The items.</summary>
                [Query]
                private ImmutableArray<string> ItemsCore => [.. _items];
            }
            """]);

    [Fact]
    public Task A_dictionary_method_returns_an_immutable_dictionary_and_gets_the_using_it_needs() =>
        CodeFixVerifier.VerifyFixAsync(
            new ReturnImmutableCopyCodeFix(),
            ReturnImmutableCopyCodeFix.EquivalenceKey,
            ["""
            namespace Shop;

            [DurableState]
            public partial class Catalog
            {
                private readonly Dictionary<string, int> _stock = new();

                public Dictionary<string, int> Stock()
                {
                    return {|DS0012:{|DS0009:_stock|}|};
                }
            }
            """],
            ["""
            using System.Collections.Immutable;

            namespace Shop;

            [DurableState]
            public partial class Catalog
            {
                private readonly Dictionary<string, int> _stock = new();

                [Query]
                private ImmutableDictionary<string, int> StockCore()
                {
                    return ImmutableDictionary.CreateRange(_stock);
                }
            }
            """]);

    [Fact]
    public Task Fix_all_copies_arrays_sets_and_lists() =>
        CodeFixVerifier.VerifyFixAllAsync(
            new ReturnImmutableCopyCodeFix(),
            ReturnImmutableCopyCodeFix.EquivalenceKey,
            FixAllScope.Document,
            ["""
            using System.Collections.Immutable;

            [DurableState]
            public partial class Catalog
            {
                private readonly int[] _scores = new int[3];
                private readonly HashSet<string> _tags = new();
                private readonly List<int> _values = new();

                public int[] Scores => {|DS0012:{|DS0009:_scores|}|};
                public HashSet<string> Tags => {|DS0012:{|DS0009:_tags|}|};
                public IList<int> Values(int skip) => {|DS0012:{|DS0009:_values|}|};
            }
            """],
            ["""
            using System.Collections.Immutable;

            [DurableState]
            public partial class Catalog
            {
                private readonly int[] _scores = new int[3];
                private readonly HashSet<string> _tags = new();
                private readonly List<int> _values = new();

                [Query]
                private ImmutableArray<int> ScoresCore => [.. _scores];
                [Query]
                private ImmutableHashSet<string> TagsCore => [.. _tags];
                [Query]
                private ImmutableArray<int> ValuesCore(int skip) => [.. _values];
            }
            """]);

    [Fact]
    public Task No_fix_is_offered_when_the_copy_would_still_hold_mutable_elements_or_the_member_cannot_be_a_query() =>
        CodeFixVerifier.VerifyFixAsync(
            new ReturnImmutableCopyCodeFix(),
            ReturnImmutableCopyCodeFix.EquivalenceKey,
            ["""
            public sealed class Box { public int V { get; set; } }

            [DurableState]
            public partial class Catalog
            {
                private readonly List<Box> _boxes = new();
                private readonly List<int> _values = new();

                public List<Box> Boxes => {|DS0012:{|DS0009:_boxes|}|};

                public virtual List<int> Values => {|DS0012:{|DS0009:_values|}|};

                public List<int> Either(bool first) { if (first) { return {|DS0012:{|DS0009:_values|}|}; } return new List<int>(); }
            }
            """],
            ["""
            public sealed class Box { public int V { get; set; } }

            [DurableState]
            public partial class Catalog
            {
                private readonly List<Box> _boxes = new();
                private readonly List<int> _values = new();

                public List<Box> Boxes => {|DS0012:{|DS0009:_boxes|}|};

                public virtual List<int> Values => {|DS0012:{|DS0009:_values|}|};

                public List<int> Either(bool first) { if (first) { return {|DS0012:{|DS0009:_values|}|}; } return new List<int>(); }
            }
            """]);
}
