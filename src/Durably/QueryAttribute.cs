namespace Durably;

/// <summary>
/// Marks a private instance method or read-only property of a <see cref="DurableStateAttribute"/>
/// class named <c>XxxCore</c> as a query: the generator emits a public member <c>Xxx</c> with the
/// same parameters that runs it under the store's read lock, so it never sees an operation half
/// applied and never races the apply thread. A query is not logged.
/// </summary>
/// <remarks>
/// A query runs synchronously and returns a value that stays true after the lock is released: a
/// value type or an immutable type (strings, records and classes whose fields are all readonly and
/// immutable, <c>System.Collections.Immutable</c> collections of such), never a durable collection
/// or a read-only view of one. To hand out a collection, return an immutable copy
/// (<c>ToImmutableArray()</c>, <c>ToImmutableDictionary()</c>).
/// </remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class QueryAttribute : Attribute
{
}
