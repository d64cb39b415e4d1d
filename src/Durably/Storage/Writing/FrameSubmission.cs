namespace Durably.Storage.Writing;

/// <summary>What the log writer's attempt to put the next frame on its way came to.</summary>
internal enum FrameSubmission
{
    /// <summary>A frame was built and submitted.</summary>
    Submitted,

    /// <summary>No append is queued (and, if the writer was willing to wait, none will come).</summary>
    NothingQueued,

    /// <summary>The next frame goes to a new segment: the frames in flight must be acknowledged first.</summary>
    MustDrain,

    /// <summary>The log faulted; the writer stops.</summary>
    Stopped,
}
