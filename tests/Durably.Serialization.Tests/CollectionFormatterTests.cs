using System.Collections.Immutable;
using Durably.Runtime;

namespace Durably.Serialization.Tests;

public class CollectionFormatterTests
{
    [Fact]
    public void Arrays_and_lists_are_msgpack_arrays()
    {
        Assert.Equal([1, 2, 300], RoundTrip.Of(new[] { 1, 2, 300 }, out string hex));
        Assert.Equal("930102CD012C", hex);
        Assert.Null(RoundTrip.Of<int[]?>(null, out hex));
        Assert.Equal("C0", hex);
        Assert.Empty(RoundTrip.Of(Array.Empty<string>(), out hex));
        Assert.Equal("90", hex);
        Assert.Equal(["a", null, "c"], RoundTrip.Of(new List<string?> { "a", null, "c" }, out hex));
        Assert.Equal("93A161C0A163", hex);
        Assert.Equal(new sbyte[] { -1, 5 }, RoundTrip.Of(new sbyte[] { -1, 5 }, out hex));
        Assert.Equal("92FF05", hex);

        int[] large = Enumerable.Range(0, 70000).ToArray();
        Assert.Equal(large, RoundTrip.Of(large, out hex));
        Assert.StartsWith("DD00011170", hex, StringComparison.Ordinal);
        Assert.Equal(large, RoundTrip.Of(large.ToList()));
    }

    [Fact]
    public void Dictionaries_are_msgpack_maps()
    {
        var map = new Dictionary<string, int> { ["a"] = 1, ["b"] = -1 };
        Assert.Equal(map, RoundTrip.Of(map, out string hex));
        Assert.Equal("82A16101A162FF", hex);
        Assert.Null(RoundTrip.Of<Dictionary<string, int>?>(null));
        var sorted = new SortedDictionary<int, string> { [3] = "c", [1] = "a" };
        Assert.Equal(sorted, RoundTrip.Of(sorted, out hex));
        Assert.Equal("8201A16103A163", hex);
        var guid = Guid.NewGuid();
        Assert.Equal(1.5m, RoundTrip.Of<IDictionary<Guid, decimal>>(new Dictionary<Guid, decimal> { [guid] = 1.5m })[guid]);
        Assert.Equal([1, 2], RoundTrip.Of<IReadOnlyDictionary<string, List<int>>>(new Dictionary<string, List<int>> { ["x"] = [1, 2] })["x"]);
    }

    [Fact]
    public void Sets_are_msgpack_arrays()
    {
        var set = new HashSet<string> { "x", "y" };
        Assert.True(set.SetEquals(RoundTrip.Of(set)));
        var sortedSet = new SortedSet<int> { 5, 1, 3 };
        Assert.Equal([1, 3, 5], RoundTrip.Of(sortedSet, out string hex));
        Assert.Equal("93010305", hex);
        Assert.True(RoundTrip.Of<ISet<int>>(new HashSet<int> { 1 }).SetEquals([1]));
        Assert.True(RoundTrip.Of<IReadOnlySet<int>>(new HashSet<int> { 2 }).Contains(2));

        // Repeated elements collapse, as adding them to a set does.
        Assert.Single(RoundTrip.FromHex<HashSet<int>>("93010101"));
    }

    [Fact]
    public void Collection_interfaces_are_arrays_and_read_back_as_lists()
    {
        IReadOnlyList<int> readOnlyList = [1, 2];
        Assert.Equal([1, 2], RoundTrip.Of(readOnlyList, out string hex));
        Assert.Equal("920102", hex);
        IList<string> list = ["a"];
        Assert.Equal(["a"], RoundTrip.Of(list));
        ICollection<long> collection = [long.MaxValue];
        Assert.Equal([long.MaxValue], RoundTrip.Of(collection));
        IReadOnlyCollection<char> chars = ['x'];
        Assert.Equal(['x'], RoundTrip.Of(chars));

        // A lazy sequence is enumerated once.
        int enumerations = 0;
        IEnumerable<int> Lazy()
        {
            enumerations++;
            yield return 7;
            yield return 8;
        }

        Assert.Equal([7, 8], TestSerializer.Deserialize<IEnumerable<int>>(TestSerializer.Serialize(Lazy())));
        Assert.Equal(1, enumerations);
    }

    [Fact]
    public void Immutable_collections_round_trip()
    {
        ImmutableArray<int> array = [1, 2, 3];
        Assert.Equal([1, 2, 3], RoundTrip.Of(array, out string hex).ToArray());
        Assert.Equal("93010203", hex);
        Assert.True(RoundTrip.Of(default(ImmutableArray<int>), out hex).IsDefault);
        Assert.Equal("C0", hex);
        ImmutableArray<int> empty = RoundTrip.Of(ImmutableArray<int>.Empty, out hex);
        Assert.False(empty.IsDefault);
        Assert.Empty(empty);
        Assert.Equal("90", hex);

        Assert.Equal(["a", "b"], RoundTrip.Of(ImmutableList.Create("a", "b")));
        Assert.True(ImmutableHashSet.Create(1, 2).SetEquals(RoundTrip.Of(ImmutableHashSet.Create(1, 2))));
        Assert.Equal([1, 2], RoundTrip.Of(ImmutableSortedSet.Create(2, 1)));
        ImmutableDictionary<string, int> dictionary = ImmutableDictionary<string, int>.Empty.Add("k", 1);
        Assert.Equal(dictionary, RoundTrip.Of(dictionary));
        ImmutableSortedDictionary<int, int> sorted = ImmutableSortedDictionary<int, int>.Empty.Add(2, 20).Add(1, 10);
        Assert.Equal(sorted, RoundTrip.Of(sorted, out hex));
        Assert.Equal("82010A0214", hex);
        IImmutableList<int> ilist = ImmutableList.Create(4);
        Assert.Equal([4], RoundTrip.Of(ilist));
        IImmutableSet<int> iset = ImmutableHashSet.Create(5);
        Assert.Contains(5, RoundTrip.Of(iset));
        IImmutableDictionary<int, string> idict = ImmutableDictionary<int, string>.Empty.Add(1, "x");
        Assert.Equal("x", RoundTrip.Of(idict)[1]);
        Assert.Null(RoundTrip.Of<ImmutableList<int>?>(null));
    }

    [Fact]
    public void ImmutableQueue_is_an_array_front_first()
    {
        ImmutableQueue<int> queue = ImmutableQueue.Create(1, 2, 3);
        ImmutableQueue<int> back = RoundTrip.Of(queue, out string hex);
        Assert.Equal("93010203", hex);
        Assert.Equal([1, 2, 3], back);
        Assert.Equal(1, back.Peek());
        Assert.Equal([2, 3], back.Dequeue());

        // Dequeued and enqueued since creation: the wire shows the current front-to-back order.
        ImmutableQueue<string> moved = ImmutableQueue.Create("a", "b").Dequeue().Enqueue("c");
        Assert.Equal(["b", "c"], RoundTrip.Of(moved, out hex));
        Assert.Equal("92A162A163", hex);

        Assert.True(RoundTrip.Of(ImmutableQueue<int>.Empty, out hex).IsEmpty);
        Assert.Equal("90", hex);
        Assert.Null(RoundTrip.Of<ImmutableQueue<int>?>(null, out hex));
        Assert.Equal("C0", hex);
        Assert.Equal("x", RoundTrip.FromHex<ImmutableQueue<string>>("92A178A179").Peek());

        IImmutableQueue<int> iqueue = queue;
        IImmutableQueue<int> iback = RoundTrip.Of(iqueue, out hex)!;
        Assert.Equal("93010203", hex);
        Assert.IsType<ImmutableQueue<int>>(iback);
        Assert.Equal(1, iback.Peek());
    }

    [Fact]
    public void ImmutableStack_is_an_array_top_first_and_keeps_its_top()
    {
        // Create pushes in argument order, so 3 is on top. (Expected values are arrays: a collection
        // expression targeting ImmutableStack would itself be built by pushing.)
        ImmutableStack<int> stack = ImmutableStack.Create(1, 2, 3);
        ImmutableStack<int> back = RoundTrip.Of(stack, out string hex);
        Assert.Equal("93030201", hex);
        Assert.Equal(3, back.Peek());
        Assert.Equal(new[] { 3, 2, 1 }, back);
        Assert.Equal(2, back.Pop().Peek());

        // A second round trip is stable: reading does not reverse the stack.
        Assert.Equal("93030201", RoundTrip.Hex(RoundTrip.Of(back)));
        Assert.Equal(5, RoundTrip.FromHex<ImmutableStack<int>>("93050403").Peek());
        Assert.Equal(new[] { 5, 4, 3 }, RoundTrip.FromHex<ImmutableStack<int>>("93050403"));

        ImmutableStack<string> one = ImmutableStack<string>.Empty.Push("only");
        Assert.Equal("only", RoundTrip.Of(one, out hex).Peek());
        Assert.Equal("91A46F6E6C79", hex);
        Assert.True(RoundTrip.Of(ImmutableStack<int>.Empty, out hex).IsEmpty);
        Assert.Equal("90", hex);
        Assert.Null(RoundTrip.Of<ImmutableStack<int>?>(null, out hex));
        Assert.Equal("C0", hex);

        IImmutableStack<int> istack = stack;
        IImmutableStack<int> iback = RoundTrip.Of(istack, out hex)!;
        Assert.Equal("93030201", hex);
        Assert.IsType<ImmutableStack<int>>(iback);
        Assert.Equal(3, iback.Peek());

        // Nested: a stack of queues keeps both orders.
        ImmutableStack<ImmutableQueue<int>> nested = ImmutableStack.Create(ImmutableQueue.Create(1, 2), ImmutableQueue.Create(3));
        ImmutableStack<ImmutableQueue<int>> nestedBack = RoundTrip.Of(nested, out hex);
        Assert.Equal("929103" + "920102", hex);
        Assert.Equal([3], nestedBack.Peek());
        Assert.Equal([1, 2], nestedBack.Pop().Peek());
    }

    [Theory]
    [InlineData("92CD01", "ends inside")]           // the first element is cut short
    [InlineData("DC0003", "claims 3 elements")]     // array 16 with no elements at all
    [InlineData("91A161", "Expected an integer")]   // wrong element type
    [InlineData("A161", "Expected an array")]       // not an array
    [InlineData("9180", "Expected an integer")]     // a map as an element
    public void ImmutableQueue_and_ImmutableStack_refuse_malformed_input(string hex, string reason)
    {
        Assert.Contains(reason, RoundTrip.FailsFromHex<ImmutableQueue<int>>(hex).Message, StringComparison.Ordinal);
        Assert.Contains(reason, RoundTrip.FailsFromHex<ImmutableStack<int>>(hex).Message, StringComparison.Ordinal);
        Assert.Contains(reason, RoundTrip.FailsFromHex<IImmutableStack<int>>(hex).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyValuePairs_and_value_tuples_are_arrays()
    {
        Assert.Equal(new KeyValuePair<string, int>("a", 1), RoundTrip.Of(new KeyValuePair<string, int>("a", 1), out string hex));
        Assert.Equal("92A16101", hex);
        Assert.Equal(new ValueTuple<int>(9), RoundTrip.Of(new ValueTuple<int>(9), out hex));
        Assert.Equal("9109", hex);
        Assert.Equal((1, "b"), RoundTrip.Of((1, "b"), out hex));
        Assert.Equal("9201A162", hex);
        Assert.Equal((1, 2, 3), RoundTrip.Of((1, 2, 3)));
        Assert.Equal((1, 2, 3, 4), RoundTrip.Of((1, 2, 3, 4)));
        Assert.Equal((1, 2, 3, 4, 5), RoundTrip.Of((1, 2, 3, 4, 5)));
        Assert.Equal((1, 2, 3, 4, 5, 6), RoundTrip.Of((1, 2, 3, 4, 5, 6)));
        Assert.Equal((1, 2, 3, 4, 5, 6, 7), RoundTrip.Of((1, 2, 3, 4, 5, 6, 7), out hex));
        Assert.Equal("97010203040506 07".Replace(" ", string.Empty, StringComparison.Ordinal), hex);

        // Eight or more items nest the rest as the 8th element.
        var nine = (1, 2, 3, 4, 5, 6, 7, 8, 9);
        Assert.Equal(nine, RoundTrip.Of(nine, out hex));
        Assert.Equal("98010203040506079208 09".Replace(" ", string.Empty, StringComparison.Ordinal), hex);
        Assert.Contains("array of 3", RoundTrip.FailsFromHex<(int, int)>("93010203").Message, StringComparison.Ordinal);
        Assert.Contains("array of 1", RoundTrip.FailsFromHex<KeyValuePair<int, int>>("9101").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compositions_nest()
    {
        var value = new Dictionary<string, List<(int Id, Guid? Ref, decimal Amount)>>
        {
            ["alice"] = [(1, Guid.NewGuid(), 10.5m), (2, null, -3m)],
            ["bob"] = [],
        };
        Dictionary<string, List<(int Id, Guid? Ref, decimal Amount)>> back = RoundTrip.Of(value);
        Assert.Equal(value["alice"], back["alice"]);
        Assert.Empty(back["bob"]);

        int[][] jagged = [[1], [], [2, 3]];
        Assert.Equal(jagged, RoundTrip.Of(jagged));
        List<ImmutableArray<KeyValuePair<string, DateTime?>>> deep = [[new("t", DateTime.UnixEpoch), new("n", null)]];
        Assert.Equal(deep[0].ToArray(), RoundTrip.Of(deep)[0].ToArray());
    }

    [Fact]
    public void Nil_and_repeated_map_keys_are_refused_with_the_key_offset()
    {
        MessagePackSerializationException repeated = RoundTrip.FailsFromHex<Dictionary<string, int>>("82A16101A16102");
        Assert.Equal(4, repeated.Offset);
        Assert.Contains("repeats an earlier key (a)", repeated.Message, StringComparison.Ordinal);
        MessagePackSerializationException nil = RoundTrip.FailsFromHex<Dictionary<string, int>>("81C001");
        Assert.Equal(1, nil.Offset);
        Assert.Contains("nil", nil.Message, StringComparison.Ordinal);
        Assert.Contains("repeats", RoundTrip.FailsFromHex<ImmutableDictionary<int, int>>("8201010102").Message, StringComparison.Ordinal);
        Assert.Contains("repeats", RoundTrip.FailsFromHex<SortedDictionary<int, int>>("8201010102").Message, StringComparison.Ordinal);
        Assert.Contains("repeats", RoundTrip.FailsFromHex<IReadOnlyDictionary<int, int>>("8201010102").Message, StringComparison.Ordinal);
        Assert.Contains("nil", RoundTrip.FailsFromHex<IDictionary<string, int>>("81C001").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Collection_formatters_enforce_the_reader_depth_limit()
    {
        byte[] bytes = TestSerializer.Serialize(new List<List<List<int>>> { new() { new() { 1 } } });
        var shallow = new MessagePackReader(bytes) { MaximumDepth = 2 };
        MessagePackSerializationException ex = Assert.Throws<MessagePackSerializationException>(() =>
        {
            var reader = new MessagePackReader(bytes) { MaximumDepth = 2 };
            TestSerializer.Deserialize<List<List<List<int>>>>(ref reader);
        });
        Assert.Contains("maximum depth of 2", ex.Message, StringComparison.Ordinal);

        var enough = new MessagePackReader(bytes) { MaximumDepth = 3 };
        Assert.Equal(1, TestSerializer.Deserialize<List<List<List<int>>>>(ref enough)[0][0][0]);
        Assert.Equal(0, enough.Depth);
        Assert.Equal(2, shallow.MaximumDepth);

        // Every container formatter counts: dictionaries, tuples, immutable arrays, key/value pairs.
        Assert.Throws<MessagePackSerializationException>(() =>
        {
            byte[] nested = TestSerializer.Serialize(new Dictionary<int, (int, ImmutableArray<KeyValuePair<int, int>>)> { [1] = (2, [new(3, 4)]) });
            var reader = new MessagePackReader(nested) { MaximumDepth = 3 };
            TestSerializer.Deserialize<Dictionary<int, (int, ImmutableArray<KeyValuePair<int, int>>)>>(ref reader);
        });
    }

    [Fact]
    public void Writing_takes_a_nesting_level_exactly_where_reading_does()
    {
        // What a writer with a limit accepts, a reader with the same limit reads back, and no more:
        // the smallest limit each side needs is the same for every container formatter.
        Assert.Equal(3, SmallestLimits(new List<List<List<int>>> { new() { new() { 1 } } }));
        Assert.Equal(4, SmallestLimits(new Dictionary<int, (int, ImmutableArray<KeyValuePair<int, int>>)> { [1] = (2, [new(3, 4)]) }));
        Assert.Equal(2, SmallestLimits(new[] { new List<int> { 1 } }));
        Assert.Equal(2, SmallestLimits<IReadOnlyDictionary<string, int[]>>(new Dictionary<string, int[]> { ["a"] = [1] }));
        Assert.Equal(2, SmallestLimits(ImmutableList.Create(ImmutableHashSet.Create(1))));
        Assert.Equal(2, SmallestLimits(new List<DateTimeOffset> { DateTimeOffset.UnixEpoch }));
        Assert.Equal(2, SmallestLimits<(int, (int, int))>((1, (2, 3))));
        Assert.Equal(0, SmallestLimits<List<int>?>(null));

        MessagePackSerializationException ex = Assert.Throws<MessagePackSerializationException>(() => Write(new List<List<int>> { new() { 1 } }, maximumDepth: 1));
        Assert.Contains("maximum depth of 1", ex.Message, StringComparison.Ordinal);
        Assert.Equal(MessagePackReader.DefaultMaximumDepth, new MessagePackWriter(new System.Buffers.ArrayBufferWriter<byte>()).MaximumDepth);
    }

    private static int SmallestLimits<T>(T value)
    {
        IMessagePackFormatter<T> formatter = TestFormatters.Get<T>();
        int write = Enumerable.Range(0, 10).First(limit => Succeeds(() => Write(value, limit)));
        byte[] bytes = Write(value, write);
        int read = Enumerable.Range(0, 10).First(limit => Succeeds(() =>
        {
            var reader = new MessagePackReader(bytes) { MaximumDepth = limit };
            formatter.Deserialize(ref reader);
            Assert.Equal(0, reader.Depth);
        }));
        Assert.Equal(write, read);
        return write;
    }

    private static byte[] Write<T>(T value, int maximumDepth)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer) { MaximumDepth = maximumDepth };
        TestFormatters.Get<T>().Serialize(ref writer, value);
        Assert.Equal(0, writer.Depth);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static bool Succeeds(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (MessagePackSerializationException)
        {
            return false;
        }
    }

    [Fact]
    public void A_collection_that_changes_while_serialized_is_reported()
    {
        MessagePackSerializationException ex = Assert.Throws<MessagePackSerializationException>(
            () => TestSerializer.Serialize<IReadOnlyCollection<int>>(new MiscountedCollection()));
        Assert.Contains("reported 3 elements but enumerated 2", ex.Message, StringComparison.Ordinal);
    }

    private sealed class MiscountedCollection : IReadOnlyCollection<int>
    {
        public int Count => 3;

        public IEnumerator<int> GetEnumerator()
        {
            yield return 1;
            yield return 2;
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
