using System.ComponentModel;
using System.Diagnostics;
using Durably.Diagnostics;
using Durably.Storage;

namespace Durably.Runtime;

/// <summary>Opens stores; generated <c>OpenAsync</c> methods call it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DurableStore
{
    /// <summary>
    /// Opens the log in <paramref name="options"/>, restores the newest snapshot into
    /// <paramref name="state"/> (a freshly constructed instance), replays the records after it and
    /// starts the apply thread.
    /// </summary>
    /// <typeparam name="TState">The <c>[DurableState]</c> class.</typeparam>
    /// <param name="state">The empty state to replay into; it becomes the store's state.</param>
    /// <param name="options">Where the log lives and how it is written.</param>
    /// <param name="codec">The generated codec of <typeparamref name="TState"/>.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="DurableReplayException">A record cannot be decoded by this version of the class.</exception>
    /// <exception cref="SnapshotSchemaException">A field of the recovered snapshot cannot be read as its type in this version of the class.</exception>
    /// <exception cref="DurableLogException">The log cannot be opened or recovered (locked, corrupt).</exception>
    public static async ValueTask<DurableStore<TState>> OpenAsync<TState>(
        TState state,
        DurableOptions options,
        IDurableStateCodec<TState> codec,
        CancellationToken cancellationToken = default)
        where TState : class
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(codec);

        SnapshotPolicy policy = (options.Snapshots ?? new SnapshotPolicy()).Clone();
        policy.Validate();
        LogOptions logOptions = options.Log.Clone();
        logOptions.StateType = typeof(TState).Name;
        DurableLog log = await DurableLog.OpenAsync(logOptions, cancellationToken).ConfigureAwait(false);
        try
        {
            var store = new DurableStore<TState>(state, log, codec, policy, options.BeforeApplyThreadIdles, options.AllowSynchronousContinuations);
            long replayStarted = Stopwatch.GetTimestamp();
            store.Replay(cancellationToken);
            new StateMetrics(logOptions.StateType).Replayed(store.Status.ReplayedRecords, Stopwatch.GetTimestamp() - replayStarted);
            store.StartApplying();
            return store;
        }
        catch
        {
            await log.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Takes the read lock of <paramref name="store"/> for one generated query call. A state without a
    /// store (being replayed inside <c>OpenAsync</c>, or never opened) has no apply thread to race,
    /// so nothing is taken.
    /// </summary>
    /// <typeparam name="TState">The <c>[DurableState]</c> class.</typeparam>
    /// <param name="store">The state's store, or null before it is opened.</param>
    /// <returns>The scope that releases the lock when disposed.</returns>
    public static DurableReadScope EnterQuery<TState>(DurableStore<TState>? store)
        where TState : class =>
        store is null ? default : store.EnterQuery();

    /// <summary>The error for a state used without <c>OpenAsync</c>.</summary>
    /// <param name="stateType">The <c>[DurableState]</c> class.</param>
    /// <param name="member">The generated member that was called.</param>
    /// <returns>The exception to throw.</returns>
    public static InvalidOperationException NotOpened(Type stateType, string member)
    {
        ArgumentNullException.ThrowIfNull(stateType);
        return new InvalidOperationException(
            $"{stateType.Name}.{member} needs an open store: create the instance with {stateType.Name}.OpenAsync(options), not with 'new'.");
    }
}
