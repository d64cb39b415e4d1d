using Durably.Storage.Format;

namespace Durably.Storage.Recovery;

/// <summary>The outcome of inspecting one copy at one frame position.</summary>
/// <param name="State">What is there.</param>
/// <param name="Header">The decoded header (meaningful for Valid and Stale).</param>
/// <param name="AlignedLength">Header + payload rounded up to the alignment (Valid and Stale).</param>
/// <param name="Problem">Why it is not valid, for reports; null when valid or missing.</param>
internal readonly record struct FrameInspection(FrameState State, FrameHeader Header, int AlignedLength, string? Problem)
{
    /// <summary>True for a frame that may be taken.</summary>
    internal bool IsValid => State == FrameState.Valid;

    /// <summary>"valid", "missing", or the state with its problem.</summary>
    internal string Describe() => State switch
    {
        FrameState.Valid => "valid",
        FrameState.Missing => "missing (zeros or no file)",
        _ => Problem is null ? State.ToString().ToLowerInvariant() : State.ToString().ToLowerInvariant() + ": " + Problem,
    };
}
