using Durably.IO;
using Durably.IO.Linux;
using Durably.Storage.Format;
using Durably.Storage.Tests.Simulation;

namespace Durably.Storage.Tests.Logs;

/// <summary>
/// A new segment is published by renaming its temporary file to the segment's name, and that rename never
/// replaces an existing file (RENAME_NOREPLACE): a name already taken means the numbering went wrong, and
/// replacing it could destroy acknowledged records.
/// </summary>
public sealed class SegmentPublishTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("durably-rename-");

    [Fact]
    public void The_Linux_file_system_refuses_to_rename_over_an_existing_file_with_EEXIST()
    {
        var fileSystem = new LinuxFileSystem();
        string source = Path.Combine(_root.FullName, "segment.tmp");
        string destination = Path.Combine(_root.FullName, "segment");
        File.WriteAllText(source, "new");
        File.WriteAllText(destination, "acknowledged");

        StorageException refused = Assert.Throws<StorageException>(() => fileSystem.Rename(source, destination, replaceExisting: false));

        Assert.Equal(Errno.EEXIST, refused.Errno);
        Assert.Contains("EEXIST", refused.Message, StringComparison.Ordinal);
        Assert.Equal("acknowledged", File.ReadAllText(destination));
        Assert.Equal("new", File.ReadAllText(source));

        File.Delete(destination);
        fileSystem.Rename(source, destination, replaceExisting: false);
        Assert.Equal("new", File.ReadAllText(destination));
        Assert.False(File.Exists(source));

        // Recovery replacing a damaged file it rebuilt asks for the replacement explicitly.
        File.WriteAllText(source, "rebuilt");
        fileSystem.Rename(source, destination, replaceExisting: true);
        Assert.Equal("rebuilt", File.ReadAllText(destination));
        Assert.False(File.Exists(source));
    }

    [Fact]
    public async Task A_segment_name_already_taken_faults_the_log_instead_of_being_overwritten()
    {
        var sim = new SimulatedLogFixture();
        DurableLog log = sim.Open();
        SimulatedLogFixture.Pump(log); // spare segment 2 is made
        string planted = SimulatedLogFixture.SegmentPath(SimulatedLogFixture.SecondaryDirectory, 3);
        byte[] foreign = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))];
        using (StorageFile file = ((IoEngine)sim.Storage.CreateEngine()).FileSystem.Open(planted, StorageOpenMode.CreateNew, StorageFileOptions.None))
        {
            file.Write(0, foreign);
        }

        var acknowledged = new List<long>();
        for (int i = 1; i <= 60 && !log.Status.IsFaulted; i++)
        {
            ValueTask<long> append = log.AppendAsync(SimulatedLogFixture.Record(i, 900));
            SimulatedLogFixture.Pump(log);
            if (append.IsCompletedSuccessfully)
            {
                acknowledged.Add(await append);
            }
        }

        Assert.True(log.Status.IsFaulted, "creating segment 3 over a file of that name must fail");
        Assert.Contains("EEXIST", log.Status.FaultReason, StringComparison.Ordinal);
        Assert.Contains("segment 3", log.Status.FaultReason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(foreign, sim.Storage.ReadFile(planted));
        Assert.DoesNotContain(SegmentFileName.TemporaryFor(3), sim.Storage.ListFiles(SimulatedLogFixture.SecondaryDirectory));
        Assert.Equal(Enumerable.Range(1, acknowledged.Count).Select(i => (long)i), acknowledged);
        Assert.All(log.ReadFrom(1), r => Assert.Equal(SimulatedLogFixture.Record(r.Sequence, 900), r.Payload.ToArray()));
        await log.DisposeAsync();
    }

    public void Dispose() => _root.Delete(recursive: true);
}
