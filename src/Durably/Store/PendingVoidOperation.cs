using System.Runtime.ExceptionServices;

namespace Durably.Store;

/// <summary>A pending operation that returns nothing.</summary>
/// <typeparam name="TState">The state class.</typeparam>
internal sealed class PendingVoidOperation<TState> : PendingOperation<TState>
    where TState : class
{
    // Continuations run on the thread pool, never inline on the apply thread.
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ExceptionDispatchInfo? _failure;

    public PendingVoidOperation(IOperationRecord<TState> record)
        : base(record)
    {
    }

    public Task Task => _completion.Task;

    public override void Apply(TState state)
    {
        try
        {
            Record.Apply(state);
        }
#pragma warning disable CA1031 // Whatever the apply throws belongs to its caller; replay catches the same.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _failure = ExceptionDispatchInfo.Capture(exception);
        }
    }

    public override void Complete()
    {
        if (_failure is null)
        {
            _completion.TrySetResult();
        }
        else
        {
            _completion.TrySetException(_failure.SourceException);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
