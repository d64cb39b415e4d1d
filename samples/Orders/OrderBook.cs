using System.Collections.Immutable;
using Durably;

namespace OrdersSample;

/// <summary>
/// Every order of the shop. Each change is an operation: logged durably in two copies before it is
/// applied, replayed when the service restarts. An operation that throws before changing anything
/// is rejected (the API answers 4xx) and changes nothing, live or on replay.
/// </summary>
[DurableState]
public sealed partial class OrderBook
{
    private readonly Dictionary<string, OrderState> _orders = [];

    /// <summary>The order with this id, or null (an immutable copy).</summary>
    /// <param name="id">The order's id.</param>
    /// <returns>The order, or null.</returns>
    [Query]
    private OrderView? FindCore(string id) => _orders.TryGetValue(id, out OrderState? order) ? order.View(id) : null;

    /// <summary>Every order (immutable copies), by id.</summary>
    /// <returns>The orders.</returns>
    [Query]
    private ImmutableArray<OrderView> AllCore() => [.. _orders.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Value.View(o.Key))];

    [Operation("create-order")]
    private void CreateOrder(string id, string customer)
    {
        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(customer))
        {
            throw new OrderRejectedException("An order needs an id and a customer.");
        }

        if (!_orders.TryAdd(id, new OrderState { Customer = customer }))
        {
            throw new OrderRejectedException($"Order {id} exists.");
        }
    }

    [Operation("add-line")]
    private void AddLine(string orderId, string lineId, string sku, int quantity, decimal unitPrice)
    {
        OrderState order = Open(orderId);
        if (quantity <= 0 || unitPrice < 0 || string.IsNullOrWhiteSpace(sku))
        {
            throw new OrderRejectedException("A line needs an article, a positive quantity and a price.");
        }

        if (order.Paid > 0)
        {
            throw new OrderRejectedException($"Order {orderId} is paid; lines can no longer be added.");
        }

        if (order.Lines.Exists(l => l.LineId == lineId))
        {
            throw new OrderRejectedException($"Line {lineId} exists in order {orderId}.");
        }

        order.Lines.Add(new OrderLine(lineId, sku, quantity, unitPrice));
    }

    [Operation("pay")]
    private void Pay(string orderId, decimal amount)
    {
        OrderState order = Open(orderId);
        if (order.Lines.Count == 0 || amount != order.Total)
        {
            throw new OrderRejectedException($"Order {orderId} totals {order.Total}; pay exactly that.");
        }

        order.Paid = amount;
    }

    [Operation("ship")]
    private void Ship(string orderId)
    {
        OrderState order = Open(orderId);
        if (order.Paid == 0 || order.Shipped)
        {
            throw new OrderRejectedException($"Order {orderId} must be paid and not yet shipped.");
        }

        order.Shipped = true;
    }

    private OrderState Open(string orderId) =>
        _orders.TryGetValue(orderId, out OrderState? order) && !order.Shipped
            ? order
            : throw new OrderRejectedException($"No open order {orderId}.");

    private sealed class OrderState
    {
        public string Customer { get; set; } = string.Empty;

        public List<OrderLine> Lines { get; set; } = [];

        public decimal Paid { get; set; }

        public bool Shipped { get; set; }

        public decimal Total => Lines.Sum(l => l.Quantity * l.UnitPrice);

        public OrderView View(string id) => new(id, Customer, [.. Lines], Total, Paid, Shipped);
    }
}
