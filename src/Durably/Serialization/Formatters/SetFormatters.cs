namespace Durably.Runtime;

// Sets as MessagePack arrays. Repeated elements in the input collapse, as adding them to a set does.

/// <summary>
/// <see cref="HashSet{T}"/>, <see cref="ISet{T}"/> and <see cref="IReadOnlySet{T}"/>, read back as a
/// <see cref="HashSet{T}"/> with the default comparer.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TSet">The set type handled.</typeparam>
internal sealed class HashSetFormatter<T, TSet> : SequenceFormatter<T, TSet, HashSet<T>>
    where TSet : class, IEnumerable<T>
{
    protected override HashSet<T> CreateBuilder(int count) => new(count);

    protected override TSet Complete(HashSet<T> builder) => (TSet)(object)builder;
}

/// <summary><see cref="SortedSet{T}"/> with the default comparer.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class SortedSetFormatter<T> : SequenceFormatter<T, SortedSet<T>, SortedSet<T>>
{
    protected override SortedSet<T> CreateBuilder(int count) => [];

    protected override SortedSet<T> Complete(SortedSet<T> builder) => builder;
}
