using System.Runtime.ExceptionServices;

namespace Durably.Store;

/// <summary>A pending operation that returns a value.</summary>
/// <typeparam name="TState">The state class.</typeparam>
/// <typeparam name="TResult">The operation's result.</typeparam>
internal sealed class PendingResultOperation<TState, TResult> : PendingOperation<TState>
    where TState : class
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IOperationRecord<TState, TResult> _record;
    private ExceptionDispatchInfo? _failure;
    private TResult? _result;

    public PendingResultOperation(IOperationRecord<TState, TResult> record)
        : base(record)
    {
        _record = record;
    }

    public Task<TResult> Task => _completion.Task;

    public override void Apply(TState state)
    {
        try
        {
            _result = _record.ApplyWithResult(state);
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
            _completion.TrySetResult(_result!);
        }
        else
        {
            _completion.TrySetException(_failure.SourceException);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
