namespace Durably;

/// <summary>
/// Marks a private instance method of a <see cref="DurableStateAttribute"/> class as an operation:
/// the method body is the apply step. The generator emits a public <c>XxxAsync</c> entry point that
/// logs a record of the call durably, then runs the body; replay runs the same body again.
/// What the method returns reaches the caller after the apply, outside the store's lock, so it is a
/// value, a string, an immutable record or an immutable copy, never durable state itself (DS0116).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OperationAttribute : Attribute
{
    /// <summary>Marks an operation whose record name is the method's name.</summary>
    public OperationAttribute()
    {
    }

    /// <summary>Marks an operation with a stable record name that survives renaming the method.</summary>
    /// <param name="name">The name written into every record of this operation.</param>
    public OperationAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The stable record name, or <see langword="null"/> to use the method's name.</summary>
    public string? Name { get; }
}
