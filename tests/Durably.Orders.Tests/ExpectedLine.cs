namespace Durably.Orders.Tests;

/// <summary>One order line as the client sent it.</summary>
internal sealed record ExpectedLine(string LineId, string Sku, int Quantity, decimal UnitPrice);
