using System.Text;

namespace Durably.Storage.Tests.Logs;

public sealed class PortableLogTests
{
    [Fact]
    public async Task Concurrent_appends_are_sequenced_durable_and_read_back_after_reopen()
    {
        using var dirs = new TemporaryLogDirectories();
        var written = new Dictionary<long, byte[]>();
        await using (DurableLog log = await DurableLog.OpenAsync(dirs.Options()))
        {
            Assert.Equal(0, log.LastSequence);
            var tasks = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
            {
                byte[] record = Encoding.UTF8.GetBytes($"record {i} " + new string('x', i * 7));
                long sequence = await log.AppendAsync(record);
                return (sequence, record);
            })).ToArray();
            foreach ((long sequence, byte[] record) in await Task.WhenAll(tasks))
            {
                written.Add(sequence, record);
            }

            Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), written.Keys.Order());
            Assert.Equal(200, log.LastSequence);
            AssertRecords(written, log.ReadFrom(1));
            Assert.Equal("Portable", log.Status.Engine);
            Assert.Empty(log.Status.Repairs);
        }

        await using (DurableLog reopened = await DurableLog.OpenAsync(dirs.Options()))
        {
            Assert.Equal(200, reopened.LastSequence);
            Assert.Empty(reopened.Status.Repairs);
            AssertRecords(written, reopened.ReadFrom(1));
            Assert.Equal(written[150], reopened.ReadFrom(150).First().Payload.ToArray());
            long next = await reopened.AppendAsync(new byte[] { 1, 2, 3 });
            Assert.Equal(201, next);
        }
    }

    private static void AssertRecords(Dictionary<long, byte[]> expected, IEnumerable<LogRecord> actual)
    {
        var list = actual.ToList();
        Assert.Equal(expected.Count, list.Count);
        foreach (LogRecord record in list)
        {
            Assert.Equal(expected[record.Sequence], record.Payload.ToArray());
        }
    }
}
