using Durably.Storage.Format;

namespace Durably.Storage.Recovery;

/// <summary>What reading the header of one copy of one segment found.</summary>
/// <param name="FileName">The segment's file name.</param>
/// <param name="Length">The file's length.</param>
/// <param name="Header">The header if intact and bound to this copy and number, else null.</param>
/// <param name="Problem">What is wrong with the header, or null.</param>
/// <param name="ForeignCopy">The copy an intact header names when it names another copy, else null.</param>
internal sealed record SegmentFacts(string FileName, long Length, SegmentHeader? Header, string? Problem, int? ForeignCopy = null);
