using System.Collections.Immutable;

namespace Durably.Store.Tests.States;

public enum Grade
{
    A,
    B,
    C,
}

public sealed record Item(string Sku, int Quantity, decimal Price, Grade Grade = Grade.B);

public sealed class Bin
{
    public string Name { get; set; } = string.Empty;

    public List<Item> Items { get; set; } = [];

    public Dictionary<string, int>? Counts { get; set; }
}

public readonly record struct Position(int Row, int Column);

/// <summary>
/// A state with every kind of field the snapshot formatter must cover: mutable and readonly
/// fields, auto-property backing fields, dictionaries keyed by structs, user records, classes and
/// structs, nullable values, arrays, immutable collections; and operations that return, refuse
/// (throw before mutating) and fail half-way (throw after mutating).
/// </summary>
[DurableState]
public partial class Warehouse
{
    private readonly Dictionary<string, Item> _items = [];
    private readonly Dictionary<Position, Bin> _bins = [];
    private readonly HashSet<string> _tags = [];
    private readonly int[] _slots = new int[8];
    private List<string> _journal = [];
    private ImmutableList<int> _history = [];
    private Position? _cursor;
    private DateTimeOffset _lastChange;
    private Guid _lastId;

    // Auto-properties are state too (their backing fields are snapshotted); private, and read through queries.
    private long StoredVersion { get; set; }

    private string StoredName { get; set; } = "warehouse";

    [Query]
    private long VersionCore => StoredVersion;

    [Query]
    private string NameCore => StoredName;

    [Query]
    private int ItemCountCore => _items.Count;

    [Operation]
    private void Receive(Item item, DateTimeOffset at)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(item.Quantity);
        _items[item.Sku] = _items.TryGetValue(item.Sku, out Item? known)
            ? known with { Quantity = known.Quantity + item.Quantity, Price = item.Price }
            : item;
        _lastChange = at;
        _history = _history.Add(item.Quantity);
        StoredVersion++;
    }

    [Operation]
    private int Ship(string sku, int quantity)
    {
        if (!_items.TryGetValue(sku, out Item? item) || item.Quantity < quantity)
        {
            throw new InvalidOperationException("insufficient stock of " + sku);
        }

        _items[sku] = item with { Quantity = item.Quantity - quantity };
        StoredVersion++;
        return item.Quantity - quantity;
    }

    [Operation]
    private void Stow(Position position, Bin bin)
    {
        _bins[position] = bin;
        _cursor = position;
        StoredVersion++;
    }

    [Operation]
    private bool Tag(string tag) => _tags.Add(tag);

    [Operation]
    private void Move(Position? to, int slot)
    {
        _cursor = to;
        _slots[slot & 7]++;
        if (slot < 0)
        {
            // Fails after changing the state: replay must reach the same half-done state.
            throw new ArgumentOutOfRangeException(nameof(slot), "negative slot");
        }
    }

    [Operation]
    private void Rename(string name, Guid id)
    {
        StoredName = name;
        _lastId = id;
    }

    [Operation]
    private int Note(List<string> notes)
    {
        _journal.AddRange(notes);
        if (_journal.Count > 40)
        {
            _journal = _journal.GetRange(_journal.Count - 40, 40);
        }

        return _journal.Count;
    }

    [Query]
    private int QuantityOfCore(string sku) => _items.TryGetValue(sku, out Item? item) ? item.Quantity : 0;
}
