using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Durably;

namespace Sample.Shop;

public enum OrderStatus
{
    Open,
    Paid,
    Shipped,
}

public sealed record Money(string Currency, decimal Amount);

public record Address(string Street, string City, string? Country = "NL");

public class Customer
{
    public string Name { get; set; } = string.Empty;

    public Address? Shipping { get; set; }

    public List<string> Tags { get; set; } = new();

    public required int Tier { get; init; }

    public string Segment { get; init; } = "retail";
}

public struct Dimensions
{
    public double Width { get; set; }

    public double Height { get; set; }
}

public readonly record struct Sku(string Code, int Variant);

[DurableState]
internal partial class Shop
{
    private readonly Dictionary<Guid, Order> _orders = new();
    private readonly List<Customer> _customers = new();

    private int StoredVersion { get; set; }

    private DateTimeOffset? StoredLastChange { get; set; }

    [Query]
    private int VersionCore => StoredVersion;

    [Query]
    private DateTimeOffset? LastChangeCore => StoredLastChange;

    private ImmutableList<Sku> _catalog = ImmutableList<Sku>.Empty;

    [Operation]
    private void AddCustomer(Customer customer) => _customers.Add(customer);

    [Operation]
    private Guid PlaceOrder(Guid id, Customer customer, IReadOnlyCollectionShim lines, Money total, DateTimeOffset at)
    {
        _orders[id] = new Order { Customer = customer.Name, Total = total, Lines = lines.Items };
        StoredVersion++;
        StoredLastChange = at;
        return id;
    }

    [Operation]
    private void SetStatus(Guid id, OrderStatus status, Dimensions? parcel)
    {
        _orders[id].Status = status;
        _orders[id].Parcel = parcel;
    }

    [Operation]
    private void AddToCatalog(ImmutableArray<Sku> skus, Money? price) => _catalog = _catalog.AddRange(skus);

    private sealed class Order
    {
        public string Customer { get; set; } = string.Empty;

        public Money? Total { get; set; }

        public OrderStatus Status { get; set; }

        public Dimensions? Parcel { get; set; }

        public Dictionary<Sku, int> Lines { get; set; } = new();
    }
}

public sealed class IReadOnlyCollectionShim
{
    public Dictionary<Sku, int> Items { get; set; } = new();
}
