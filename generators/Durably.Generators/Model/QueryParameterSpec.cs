namespace Durably.Generators.Model;

/// <summary>One parameter of a query method, passed through as it is (a query is not logged).</summary>
/// <param name="Name">The identifier as written in C# (escaped with <c>@</c> when it is a keyword).</param>
/// <param name="TypeName">The fully qualified type with its nullable annotation.</param>
/// <param name="DefaultValue">The C# expression of the default value, or null when the parameter is required.</param>
/// <param name="IsParams">True for a <c>params</c> parameter.</param>
internal sealed record QueryParameterSpec(string Name, string TypeName, string? DefaultValue, bool IsParams);
