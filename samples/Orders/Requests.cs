namespace OrdersSample;

/// <summary>POST /orders.</summary>
/// <param name="Id">The new order's id.</param>
/// <param name="Customer">Who orders.</param>
public sealed record CreateOrderRequest(string Id, string Customer);

/// <summary>POST /orders/{id}/lines.</summary>
/// <param name="LineId">The line's id.</param>
/// <param name="Sku">The article.</param>
/// <param name="Quantity">How many.</param>
/// <param name="UnitPrice">Price of one.</param>
public sealed record AddLineRequest(string LineId, string Sku, int Quantity, decimal UnitPrice);

/// <summary>POST /orders/{id}/pay.</summary>
/// <param name="Amount">The order's total.</param>
public sealed record PayRequest(decimal Amount);
