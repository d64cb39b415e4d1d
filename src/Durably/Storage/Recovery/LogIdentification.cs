using System.Globalization;
using Durably.IO;
using Durably.Storage.Format;

namespace Durably.Storage.Recovery;

/// <summary>
/// The first job of recovery: read every segment header of every copy and decide which log the
/// directories hold (its id and alignment). Refuses directories that hold different logs, and
/// names the case where the primary and secondary directories were swapped.
/// </summary>
internal static class LogIdentification
{
    private const int HeaderProbeSize = 4096;

    /// <summary>Reads the headers into <see cref="ScanContext.Facts"/> and returns the log's id and alignment.</summary>
    internal static (LogId LogId, int Alignment) Identify(ScanContext context)
    {
        ReadSegmentHeaders(context);
        return Decide(context);
    }

    private static void ReadSegmentHeaders(ScanContext context)
    {
        int probe = Math.Max(HeaderProbeSize, context.DeviceAlignment);
        using var buffer = new AlignedBuffer(probe, context.DeviceAlignment);
        for (int c = 0; c < context.Copies.Count; c++)
        {
            foreach ((uint number, string name) in context.Inventories[c].Segments)
            {
                using StorageFile file = context.FileSystem.Open(context.Copies[c].PathOf(name), StorageOpenMode.OpenExisting, context.ReadOptions);
                long length = file.Length;
                SegmentHeader? header = null;
                string? problem = null;
                int? foreignCopy = null;
                try
                {
                    buffer.Span.Clear();
                    int read = file.Read(0, buffer.Span);
                    header = read >= LogFormat.SegmentHeaderSize ? SegmentHeader.TryRead(buffer.Span) : null;
                    problem = header is null ? "segment header damaged" : null;
                }
                catch (StorageException e)
                {
                    problem = "segment header unreadable: " + e.Message;
                }

                if (header is { } h && (h.SegmentNumber != number || h.Copy != c || !IsPlausible(h)))
                {
                    problem = string.Create(
                        CultureInfo.InvariantCulture,
                        $"segment header belongs elsewhere (copy {h.Copy}, segment {h.SegmentNumber}, alignment {h.Alignment}, size {h.SegmentSize})");
                    foreignCopy = h.Copy != c && h.SegmentNumber == number && IsPlausible(h) ? h.Copy : null;
                    header = null;
                }

                context.Facts[(c, number)] = new SegmentFacts(name, length, header, problem, foreignCopy);
            }
        }
    }

    private static bool IsPlausible(SegmentHeader header) =>
        BitOperationsFacts.IsPowerOfTwo(header.Alignment)
        && header.Alignment is >= LogFormat.MinimumAlignment and <= LogFormat.MaximumAlignment
        && header.SegmentSize >= 4L * header.Alignment
        && BitOperationsFacts.IsAligned(header.SegmentSize, header.Alignment);

    private static (LogId LogId, int Alignment) Decide(ScanContext context)
    {
        IReadOnlyList<LogCopyLocation> copies = context.Copies;
        SegmentHeader? first = null;
        string? firstWhere = null;
        foreach (((int copy, uint segment), SegmentFacts facts) in context.Facts.OrderBy(f => f.Key.Segment).ThenBy(f => f.Key.Copy))
        {
            if (facts.Header is not { } header)
            {
                continue;
            }

            string where = copies[copy].PathOf(facts.FileName);
            if (first is null)
            {
                first = header;
                firstWhere = where;
            }
            else if (header.LogId != first.Value.LogId || header.Alignment != first.Value.Alignment)
            {
                throw new LogCorruptException(
                    $"The directories hold segments of different logs (or alignments): {firstWhere} has log {first.Value.LogId} "
                    + $"alignment {first.Value.Alignment}, {where} has log {header.LogId} alignment {header.Alignment}. Refusing to open.",
                    -1,
                    [firstWhere!, where]);
            }
        }

        if (first is not null)
        {
            return (first.Value.LogId, first.Value.Alignment);
        }

        List<string> files = [.. context.Facts.Select(f => copies[f.Key.Copy].PathOf(f.Value.FileName))];
        if (copies.Count == 2 && context.Facts.Count > 0 && context.Facts.All(f => f.Value.ForeignCopy is { } other && other != f.Key.Copy))
        {
            throw new LogCorruptException(
                $"The primary and secondary directories are swapped: every segment header in {copies[0].Directory} is the secondary's "
                + $"and every one in {copies[1].Directory} the primary's. Swap PrimaryDirectory and SecondaryDirectory in the options "
                + "(nothing was changed on disk).",
                -1,
                files);
        }

        throw new LogCorruptException(
            "Segment files exist but no segment header is intact in any copy, so the log cannot be identified; refusing to open. Files: "
            + string.Join(", ", context.Facts.Select(f => copies[f.Key.Copy].PathOf(f.Value.FileName) + " (" + f.Value.Problem + ")")),
            -1,
            files);
    }
}
