namespace OrdersSample;

/// <summary>One line of an order.</summary>
/// <param name="LineId">The line's id (chosen by the client, so a retried request is recognized).</param>
/// <param name="Sku">The article.</param>
/// <param name="Quantity">How many.</param>
/// <param name="UnitPrice">Price of one.</param>
public sealed record OrderLine(string LineId, string Sku, int Quantity, decimal UnitPrice);
