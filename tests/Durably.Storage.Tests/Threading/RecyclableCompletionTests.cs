using System.Threading.Tasks.Sources;
using Durably.Threading;

namespace Durably.Storage.Tests.Threading;

/// <summary>
/// The pooled completion behind log appends and store operations: its owner goes back to the pool
/// exactly once per use, only after both the producer has completed it and the consumer has taken
/// the result, in either order; taking the result too early or twice never recycles it early.
/// The tests drive the source through <see cref="IValueTaskSource{TResult}"/>, as a
/// <see cref="ValueTask{TResult}"/> does.
/// </summary>
public sealed class RecyclableCompletionTests
{
    [Fact]
    public void Completed_first_it_is_recycled_when_the_result_is_taken()
    {
        var source = new CountingSource();
        short token = source.Start();

        source.Complete(7);
        Assert.Equal(0, source.Recycled);
        Assert.Equal(7, source.GetResult(token));
        Assert.Equal(1, source.Recycled);
    }

    [Fact]
    public void A_result_taken_before_completion_is_refused_and_recycles_nothing()
    {
        var source = new CountingSource();
        short token = source.Start();

        InvalidOperationException early = Assert.Throws<InvalidOperationException>(() => source.GetResult(token));
        Assert.Contains("has not completed", early.Message, StringComparison.Ordinal);
        source.Complete(9);
        Assert.Equal(0, source.Recycled);
        Assert.Equal(9, source.GetResult(token));
        Assert.Equal(1, source.Recycled);
    }

    [Fact]
    public void A_consumer_that_takes_the_result_while_the_producer_is_still_completing_leaves_the_recycling_to_the_producer()
    {
        // The consumer's continuation is registered under a context that runs posted work inline,
        // so it takes the result inside the producer's SetResult, before SetResult has returned:
        // the owner must not be recycled yet (the producer is still using it).
        var source = new CountingSource();
        short token = source.Start();
        int taken = 0;
        int recycledWhenTaken = -1;
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new InlineSynchronizationContext());
        try
        {
            source.OnCompleted(
                _ =>
                {
                    taken = source.GetResult(token);
                    recycledWhenTaken = source.Recycled;
                },
                null,
                token,
                ValueTaskSourceOnCompletedFlags.UseSchedulingContext);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        source.Complete(11);
        Assert.Equal(11, taken);
        Assert.Equal(0, recycledWhenTaken);
        Assert.Equal(1, source.Recycled);
    }

    [Fact]
    public void A_failure_reaches_the_consumer_and_recycles_once()
    {
        var source = new CountingSource();
        short token = source.Start();

        source.Fail(new IOException("disk gone"));
        IOException error = Assert.Throws<IOException>(() => source.GetResult(token));
        Assert.Equal("disk gone", error.Message);
        Assert.Equal(1, source.Recycled);
    }

    [Fact]
    public void A_result_taken_twice_is_refused_the_second_time_and_recycles_once()
    {
        var source = new CountingSource();
        short token = source.Start();
        source.Complete(3);
        Assert.Equal(3, source.GetResult(token));

        Assert.Throws<InvalidOperationException>(() => source.GetResult(token));
        Assert.Equal(1, source.Recycled);
    }

    [Fact]
    public async Task A_recycled_completion_serves_the_next_use_with_a_new_token()
    {
        var source = new CountingSource();
        short first = source.Start();
        source.Complete(1);
        Assert.Equal(1, await new ValueTask<int>(source, first));

        short second = source.Start();
        Assert.NotEqual(first, second);
        Assert.Equal(ValueTaskSourceStatus.Pending, source.GetStatus(second));
        source.Complete(2);
        Assert.Equal(2, await new ValueTask<int>(source, second));
        Assert.Equal(2, source.Recycled);
        Assert.Throws<InvalidOperationException>(() => source.GetResult(first));
    }

    /// <summary>A pooled source in miniature: counts its recycles instead of pooling.</summary>
    private sealed class CountingSource : IValueTaskSource<int>, IRecyclable
    {
        private RecyclableCompletion<int> _completion = new();

        public int Recycled { get; private set; }

        /// <summary>The token of the use that starts now.</summary>
        public short Start() => _completion.Version;

        public void Complete(int result) => _completion.SetResult(result, this);

        public void Fail(Exception error) => _completion.SetException(error, this);

        public int GetResult(short token) => _completion.GetResult(token, this);

        public ValueTaskSourceStatus GetStatus(short token) => _completion.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _completion.OnCompleted(continuation, state, token, flags);

        void IRecyclable.Recycle()
        {
            Recycled++;
            _completion.Reset();
        }
    }

    /// <summary>Runs posted work at once, on the posting thread (inside the producer's SetResult).</summary>
    private sealed class InlineSynchronizationContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => d(state);
    }
}
