using Durably.Store.Tests.Infrastructure;
using Durably.Store.Tests.States;

namespace Durably.Store.Tests;

/// <summary>
/// Snapshots store fields by name: later versions of a class read older snapshots when fields are
/// added, removed or reordered; a field whose type changed incompatibly is a clear error; and an
/// operation can be removed from the code once a snapshot covers every record of it.
/// </summary>
public sealed class SnapshotVersioningTests
{
    [Fact]
    public async Task A_later_version_reads_the_snapshot_with_fields_added_removed_and_reordered_and_without_an_operation_it_covers()
    {
        using var directory = new TemporaryDirectory();
        await using (TallyV1 v1 = await TallyV1.OpenAsync(directory.Options()))
        {
            await v1.AddAsync(40);
            await v1.RenameAsync("apples");
            await v1.RetireAsync();
            await v1.AddAsync(2);
        }

        // Clean dispose took a snapshot covering the Retire record: V2 no longer has that operation.
        await using (TallyV2 v2 = await TallyV2.OpenAsync(directory.Options()))
        {
            Assert.Equal(4, v2.DurableStatus.RecoveredSnapshotSequence);
            Assert.Equal(0, v2.DurableStatus.ReplayedRecords);
            Assert.Equal(42, v2.Read(t => t.Count));
            Assert.Equal("apples", v2.Read(t => t.Label));
            Assert.Equal(["created"], v2.Notes().ToArray());
            await v2.NoteAsync("counted");
            await v2.AddAsync(1);
        }

        await using TallyV2 again = await TallyV2.OpenAsync(directory.Options());
        Assert.Equal(6, again.DurableStatus.RecoveredSnapshotSequence);
        Assert.Equal(43, again.Read(t => t.Count));
        Assert.Equal(["created", "counted"], again.Notes().ToArray());
    }

    [Fact]
    public async Task A_removed_operation_with_records_after_the_snapshot_still_refuses_to_open()
    {
        using var directory = new TemporaryDirectory();
        DurableOptions Options() => directory.Options(o => o.Snapshots = SnapshotPolicy.Manual);
        await using (TallyV1 v1 = await TallyV1.OpenAsync(Options()))
        {
            await v1.AddAsync(1);
            Assert.Equal(1, await v1.SnapshotAsync());
            await v1.RetireAsync();
        }

        DurableReplayException refused = await Assert.ThrowsAsync<DurableReplayException>(async () => await TallyV2.OpenAsync(Options()));
        Assert.Equal(2, refused.Sequence);
        Assert.Contains("Retire", refused.Message, StringComparison.Ordinal);

        // Once a snapshot covers that record (taken by the version that knows it), the operation can go.
        await using (TallyV1 v1 = await TallyV1.OpenAsync(Options()))
        {
            Assert.Equal(2, await v1.SnapshotAsync());
        }

        await using TallyV2 v2 = await TallyV2.OpenAsync(Options());
        Assert.Equal(1, v2.Read(t => t.Count));
    }

    [Fact]
    public async Task A_field_whose_type_changed_incompatibly_is_an_error_naming_field_snapshot_and_both_types()
    {
        using var directory = new TemporaryDirectory();
        await using (TallyV1 v1 = await TallyV1.OpenAsync(directory.Options()))
        {
            await v1.AddAsync(5);
            await v1.RenameAsync("pears");
        }

        SnapshotSchemaException error = await Assert.ThrowsAsync<SnapshotSchemaException>(async () => await TallyV3.OpenAsync(directory.Options()));
        Assert.Equal("_label", error.FieldName);
        Assert.Equal("string", error.StoredType);
        Assert.Equal("int", error.CurrentType);
        Assert.Contains("snap-00000000000000000002.snap", error.Snapshot, StringComparison.Ordinal);
        Assert.Contains("'_label'", error.Message, StringComparison.Ordinal);
        Assert.Contains("written as string and cannot be read as int", error.Message, StringComparison.Ordinal);

        // Nothing changed on disk: the version that wrote it still opens it.
        await using TallyV1 again = await TallyV1.OpenAsync(directory.Options());
        Assert.Equal("pears", again.Read(t => t.Label));
    }

    [Fact]
    public async Task A_narrowed_field_type_is_an_error_even_when_the_value_would_decode_and_a_widened_one_reads()
    {
        using var directory = new TemporaryDirectory();
        await using (GaugeV1 v1 = await GaugeV1.OpenAsync(directory.Options()))
        {
            await v1.RecordAsync(1e300);
            await v1.RecordAsync(2.5e300);
        }

        // double -> float decodes (as infinity): refused by the stored type, not by the value.
        SnapshotSchemaException error = await Assert.ThrowsAsync<SnapshotSchemaException>(async () => await GaugeV2.OpenAsync(directory.Options()));
        Assert.Equal("_reading", error.FieldName);
        Assert.Equal("double", error.StoredType);
        Assert.Equal("float", error.CurrentType);
        Assert.Contains("written as double and cannot be read as float", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed on disk", error.Message, StringComparison.Ordinal);

        // Nothing changed: the writer still opens it.
        await using (GaugeV1 again = await GaugeV1.OpenAsync(directory.Options(o => o.Snapshots = SnapshotPolicy.Manual)))
        {
            Assert.Equal(2.5e300, again.Reading);
        }

        // double -> double? and int -> long are widenings: they read.
        await using GaugeV3 v3 = await GaugeV3.OpenAsync(directory.Options());
        Assert.Equal(2.5e300, v3.Reading);
        Assert.Equal(2, v3.Samples);
    }

    [Theory]
    [InlineData("int", "long", true)]
    [InlineData("byte", "int", true)]
    [InlineData("uint", "long", true)]
    [InlineData("float", "double", true)]
    [InlineData("System.Half", "float", true)]
    [InlineData("float", "System.Half", false)]
    [InlineData("int", "int?", true)]
    [InlineData("string?", "string", true)]
    [InlineData("System.Collections.Generic.List<int>", "long[]", true)]
    [InlineData("System.Collections.Generic.Dictionary<string, int>", "System.Collections.Generic.SortedDictionary<string, long>", true)]
    [InlineData("(int Count, string Name)", "(long, string?)", true)]
    [InlineData("long", "int", false)]
    [InlineData("double", "float", false)]
    [InlineData("int?", "int", false)]
    [InlineData("int", "uint", false)]
    [InlineData("decimal", "double", false)]
    [InlineData("byte[]", "System.Collections.Generic.List<byte>", false)]
    [InlineData("System.Collections.Generic.List<long>", "int[]", false)]
    [InlineData("Shop.Money", "Shop.Price", false)]
    public void Stored_and_current_field_types_are_compatible_only_by_the_versioning_rules(string stored, string current, bool compatible) =>
        Assert.Equal(compatible, Durably.Runtime.SnapshotFieldCompatibility.CanRead(stored, current));
}
