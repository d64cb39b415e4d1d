using System.Collections.Immutable;

namespace OrdersSample;

/// <summary>An order as the API returns it: a copy, taken under the store's read lock.</summary>
/// <param name="Id">The order's id (chosen by the client).</param>
/// <param name="Customer">Who ordered.</param>
/// <param name="Lines">The lines, in the order they were added.</param>
/// <param name="Total">The sum of the lines.</param>
/// <param name="Paid">What was paid.</param>
/// <param name="Shipped">True once shipped.</param>
public sealed record OrderView(string Id, string Customer, ImmutableArray<OrderLine> Lines, decimal Total, decimal Paid, bool Shipped);
