namespace Durably.Generators.Model;

/// <summary>A type that encloses a nested state class, re-declared as <c>partial</c> around the generated code.</summary>
/// <param name="Keyword">The declaration keyword: <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c> or <c>interface</c>.</param>
/// <param name="Name">The type's name.</param>
internal sealed record ContainingTypeSpec(string Keyword, string Name);
