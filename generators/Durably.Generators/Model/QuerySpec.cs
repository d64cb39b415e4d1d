namespace Durably.Generators.Model;

/// <summary>A <c>[Query]</c> member and the public member generated for it.</summary>
/// <param name="MemberName">The user's private query (<c>XxxCore</c>).</param>
/// <param name="PublicName">The generated public member (<c>Xxx</c>).</param>
/// <param name="IsProperty">True for a get-only property, false for a method.</param>
/// <param name="Accessibility">The generated member's accessibility keyword: <c>public</c> unless a parameter or result type is less accessible.</param>
/// <param name="ResultType">The fully qualified result type.</param>
/// <param name="Parameters">The method's parameters in declaration order (empty for a property).</param>
/// <param name="DocumentationCref">The <c>cref</c> of the user's query when it has a doc comment, so the generated member inherits it; otherwise null.</param>
internal sealed record QuerySpec(
    string MemberName,
    string PublicName,
    bool IsProperty,
    string Accessibility,
    string ResultType,
    EquatableArray<QueryParameterSpec> Parameters,
    string? DocumentationCref);
