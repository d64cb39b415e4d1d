using System.Text;
using Durably.Storage.Format;

namespace Durably.Storage.Tests.Logs;

/// <summary>
/// The adversarial campaign's case on real files with O_DIRECT: <c>truncate -s 500000</c> of a
/// 1 MiB segment in one copy (an unaligned length) made every open crash; the cut copy is now
/// rebuilt from the other, in either copy, at unaligned and aligned lengths.
/// </summary>
public sealed class CutSegmentFileTests
{
    [Theory]
    [InlineData(true, 500_000)]
    [InlineData(false, 500_000)]
    [InlineData(true, 491_520)]
    public async Task A_real_segment_file_cut_short_in_one_copy_is_rebuilt_and_every_record_is_kept(bool cutPrimary, long length)
    {
        using var dirs = new TemporaryLogDirectories();
        LogOptions options = dirs.Options(segmentSize: 1 << 20);
        var written = new List<byte[]>();
        await using (DurableLog log = await DurableLog.OpenAsync(options))
        {
            for (int i = 1; i <= 600; i++)
            {
                byte[] record = Encoding.UTF8.GetBytes($"transfer {i} " + new string('x', i % 300));
                Assert.Equal(i, await log.AppendAsync(record));
                written.Add(record);
            }

            Assert.True(log.Status.SegmentCount >= 1);
        }

        string cut = Path.Combine(cutPrimary ? dirs.Primary : dirs.Secondary, SegmentFileName.For(1));
        using (var file = new FileStream(cut, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(length);
        }

        await using (DurableLog log = await DurableLog.OpenAsync(options))
        {
            Assert.Equal(written, log.ReadFrom(1).Select(r => r.Payload.ToArray()));
            RepairRecord rebuilt = Assert.Single(log.Status.RepairRecords, r => r.Kind == RepairKind.SegmentRebuilt);
            Assert.Equal((cutPrimary ? "primary" : "secondary", cut), (rebuilt.Copy, rebuilt.File));
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(dirs.Primary, SegmentFileName.For(1))).AsSpan(4096).ToArray(), File.ReadAllBytes(Path.Combine(dirs.Secondary, SegmentFileName.For(1))).AsSpan(4096).ToArray());
        await using DurableLog again = await DurableLog.OpenAsync(options);
        Assert.Empty(again.Status.RepairRecords);
        Assert.Equal(600, again.LastSequence);
    }
}
