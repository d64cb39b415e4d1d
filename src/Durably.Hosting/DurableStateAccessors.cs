using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Durably.Hosting;

/// <summary>
/// The generated members of a <c>[DurableState]</c> class that hosting calls: the static
/// <c>OpenAsync(DurableOptions, CancellationToken)</c> and the <c>DurableStatus</c> property. Found
/// once per type; a type without them is not a <c>[DurableState]</c> class (or its generator did not run).
/// </summary>
/// <typeparam name="T">The <c>[DurableState]</c> class.</typeparam>
internal static class DurableStateAccessors<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.PublicProperties)] T>
    where T : class, IAsyncDisposable
{
    private static readonly Lazy<(Func<DurableOptions, CancellationToken, ValueTask<T>> Open, Func<T, DurableStoreStatus> Status)> Members = new(Find);

    internal static ValueTask<T> OpenAsync(DurableOptions options, CancellationToken cancellationToken) => Members.Value.Open(options, cancellationToken);

    internal static DurableStoreStatus Status(T state) => Members.Value.Status(state);

    /// <summary>Throws the explanation if <typeparamref name="T"/> lacks the generated members.</summary>
    internal static void EnsureDurableState() => _ = Members.Value;

    private static (Func<DurableOptions, CancellationToken, ValueTask<T>>, Func<T, DurableStoreStatus>) Find()
    {
        MethodInfo? open = typeof(T).GetMethod(
            "OpenAsync",
            BindingFlags.Public | BindingFlags.Static,
            [typeof(DurableOptions), typeof(CancellationToken)]);
        PropertyInfo? status = typeof(T).GetProperty("DurableStatus", BindingFlags.Public | BindingFlags.Instance);
        if (open is null || open.ReturnType != typeof(ValueTask<T>) || status is null || status.PropertyType != typeof(DurableStoreStatus))
        {
            throw new InvalidOperationException(
                $"{typeof(T).FullName} is not a [DurableState] class: it has no generated OpenAsync(DurableOptions, CancellationToken) and DurableStatus. "
                + "Mark it [DurableState], make it partial, and reference the Durably package (which runs the generator).");
        }

        return (open.CreateDelegate<Func<DurableOptions, CancellationToken, ValueTask<T>>>(), status.GetMethod!.CreateDelegate<Func<T, DurableStoreStatus>>());
    }
}
