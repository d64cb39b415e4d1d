using System.Globalization;

namespace Durably.Orders.Tests;

/// <summary>
/// What one order must look like after recovery, built from the changes the service answered 2xx:
/// customer, lines with every value, what was paid and whether it shipped.
/// </summary>
internal sealed record ExpectedOrder(string Id, string Customer, IReadOnlyList<ExpectedLine> Lines, decimal Paid, bool Shipped)
{
    internal decimal Total => Lines.Sum(l => l.Quantity * l.UnitPrice);

    internal ExpectedOrder WithLine(ExpectedLine line) => this with { Lines = [.. Lines, line] };

    /// <summary>The order as text, every value in it, to compare with what the service returns.</summary>
    internal string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Id} customer={Customer} lines=[{string.Join("; ", Lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.LineId} {l.Sku} {l.Quantity}x{l.UnitPrice:0.00##}")))}] total={Total:0.00##} paid={Paid:0.00##} shipped={Shipped}");
}
