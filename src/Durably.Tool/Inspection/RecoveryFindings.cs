using System.Globalization;
using Durably.Storage;
using Durably.Storage.Recovery;

namespace Durably.Tool.Inspection;

/// <summary>
/// What recovery would do to a log if it were opened now, as lines a person reads. Every line
/// names its position (copy, segment, offset, file), so that two scans of a live log can be
/// compared line by line: damage stays where it is, the moving end does not.
/// </summary>
internal static class RecoveryFindings
{
    private const int MaxLinesPerKind = 20;

    internal static IReadOnlyList<string> Describe(RecoveryPlan plan, IReadOnlyList<LogCopyLocation> copies)
    {
        var lines = new List<string>(plan.Records.Select(r => r.ToString()));
        AddCapped(lines, plan.FrameRepairs.Select(r => string.Create(
            CultureInfo.InvariantCulture,
            $"{copies[r.Copy].Name}: copy the frame at segment {r.Segment} offset {r.Offset} ({r.Length} bytes) from the {copies[r.SourceCopy].Name}.")));
        AddCapped(lines, plan.HeaderRepairs.Select(h => string.Create(
            CultureInfo.InvariantCulture,
            $"{copies[h.Copy].Name}: rewrite the header of segment {h.Segment}.")));
        AddCapped(lines, plan.Rebuilds.Select(r => string.Create(
            CultureInfo.InvariantCulture,
            $"{copies[r.Copy].Name}: rebuild segment {r.Segment} ({r.Frames.Count} frames) from the other copy.")));
        AddCapped(lines, plan.ZeroRanges.Select(z => string.Create(
            CultureInfo.InvariantCulture,
            $"{copies[z.Copy].Name}: zero {z.Length} bytes past the end of the log in segment {z.Segment} from offset {z.Offset}.")));
        AddCapped(lines, plan.Deletions.Select(d => $"{copies[d.Copy].Name}: delete {d.FileName}."));
        return [.. lines.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// For a live log: only the repairs of frames, headers and segments before
    /// (<paramref name="endSegment"/>, <paramref name="endOffset"/>), the end both scans reached.
    /// Everything at or after it (a frame in one copy only, bytes past the end, spares being made,
    /// later segments) is the writer at work, not damage.
    /// </summary>
    internal static IReadOnlyList<string> DescribeBefore(RecoveryPlan plan, IReadOnlyList<LogCopyLocation> copies, uint endSegment, long endOffset)
    {
        var lines = new List<string>();
        AddCapped(lines, plan.FrameRepairs
            .Where(r => r.Segment < endSegment || (r.Segment == endSegment && r.Offset + r.Length <= endOffset))
            .Select(r => string.Create(
                CultureInfo.InvariantCulture,
                $"{copies[r.Copy].Name}: copy the frame at segment {r.Segment} offset {r.Offset} ({r.Length} bytes) from the {copies[r.SourceCopy].Name}.")));
        AddCapped(lines, plan.HeaderRepairs.Where(h => h.Segment <= endSegment).Select(h => string.Create(
            CultureInfo.InvariantCulture,
            $"{copies[h.Copy].Name}: rewrite the header of segment {h.Segment}.")));
        AddCapped(lines, plan.Rebuilds.Where(r => r.Segment < endSegment).Select(r => string.Create(
            CultureInfo.InvariantCulture,
            $"{copies[r.Copy].Name}: rebuild segment {r.Segment} from the other copy.")));
        return lines;
    }

    private static void AddCapped(List<string> lines, IEnumerable<string> more)
    {
        int count = 0;
        foreach (string line in more)
        {
            if (++count <= MaxLinesPerKind)
            {
                lines.Add(line);
            }
        }

        if (count > MaxLinesPerKind)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"... and {count - MaxLinesPerKind} more like the line above."));
        }
    }
}
