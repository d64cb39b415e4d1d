namespace Durably.Storage.Snapshots;

/// <summary>A snapshot file that verifies in no copy: recovery sets it aside and never uses it.</summary>
/// <param name="Sequence">The sequence its file name gives.</param>
/// <param name="Why">What is wrong, copy by copy, in one sentence.</param>
/// <param name="CopyProblems">Per copy: what is wrong there ("unreadable: ..." with the error when the file is missing).</param>
internal sealed record UnusableSnapshot(long Sequence, string Why, string?[] CopyProblems);
