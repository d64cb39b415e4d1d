namespace Durably.Generators.Model;

/// <summary>One parameter of an operation, in declaration order.</summary>
/// <param name="Name">The parameter's identifier as written in C# (escaped with <c>@</c> when it is a keyword).</param>
/// <param name="Type">How the argument is written into and read from the record.</param>
/// <param name="DefaultValue">The C# expression of the default value, or null when the parameter is required.</param>
internal sealed record ParameterSpec(string Name, TypeRef Type, string? DefaultValue);
