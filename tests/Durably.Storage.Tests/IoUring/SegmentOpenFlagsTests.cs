using System.Globalization;
using System.Runtime.InteropServices;

namespace Durably.Storage.Tests.IoUring;

/// <summary>
/// What the kernel says about the segment files a real log holds open, read from
/// <c>/proc/self/fdinfo</c>: O_DIRECT exactly when the status says direct I/O is on, and O_DSYNC
/// exactly when <see cref="LogOptions.OpenWithDataSync"/> asks for it, for both engines. The status
/// is what users and the operations surface read; these are the flags the writes actually carry.
/// </summary>
public sealed class SegmentOpenFlagsTests
{
    // Octal 010000 on every Linux architecture. This flag and O_DIRECT's below are written out here
    // rather than taken from the runtime's LinuxOpenFlags, so that a wrong constant there fails the test.
    private const int DataSyncFlag = 0x1000;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task Portable_segments_carry_O_DIRECT_as_the_status_says_and_O_DSYNC_exactly_when_asked(bool openWithDataSync) =>
        AssertSegmentFlags(LogEngineKind.Portable, openWithDataSync);

    [IoUringTheory]
    [InlineData(true)]
    [InlineData(false)]
    public Task IoUring_segments_carry_O_DIRECT_as_the_status_says_and_O_DSYNC_exactly_when_asked(bool openWithDataSync) =>
        AssertSegmentFlags(LogEngineKind.IoUring, openWithDataSync);

    private static async Task AssertSegmentFlags(LogEngineKind engine, bool openWithDataSync)
    {
        using var dirs = new TemporaryLogDirectories();
        LogOptions options = IoUringRealFileLogTests.Options(dirs, engine);
        options.OpenWithDataSync = openWithDataSync;
        await using DurableLog log = await DurableLog.OpenAsync(options);
        Assert.Equal(1, await log.AppendAsync(new byte[100]));
        AssertFlags(log, dirs, openWithDataSync);

        // Past a segment's end: the segment opened next (the spare, made in the background) carries them too.
        for (int i = 2; i <= 40; i++)
        {
            Assert.Equal(i, await log.AppendAsync(new byte[4000]));
        }

        Assert.Contains(OpenSegmentFiles(dirs), s => !s.Path.EndsWith("000000000001.seg", StringComparison.Ordinal));
        AssertFlags(log, dirs, openWithDataSync);
        await log.DisposeAsync();

        // And the segment a reopened log goes on appending to, found by recovery rather than created.
        await using DurableLog reopened = await DurableLog.OpenAsync(options);
        Assert.Equal(41, await reopened.AppendAsync(new byte[100]));
        AssertFlags(reopened, dirs, openWithDataSync);
    }

    private static void AssertFlags(DurableLog log, TemporaryLogDirectories dirs, bool openWithDataSync)
    {
        List<(string Path, int Flags)> segments = OpenSegmentFiles(dirs);
        Assert.Contains(segments, s => s.Path.StartsWith(dirs.Primary + "/", StringComparison.Ordinal));
        Assert.Contains(segments, s => s.Path.StartsWith(dirs.Secondary + "/", StringComparison.Ordinal));
        foreach ((string path, int flags) in segments)
        {
            LogCopyStatus copy = log.Status.Copies.Single(c => path.StartsWith(c.Directory + "/", StringComparison.Ordinal));
            Assert.True(copy.DataSync == openWithDataSync, $"status of {copy.Name}: DataSync {copy.DataSync}");
            Assert.True((flags & DataSyncFlag) != 0 == openWithDataSync, $"{path} is open with flags 0{Convert.ToString(flags, 8)}: O_DSYNC should be {(openWithDataSync ? "set" : "clear")}");
            Assert.True((flags & DirectFlag()) != 0 == copy.DirectIo, $"{path} is open with flags 0{Convert.ToString(flags, 8)}: O_DIRECT should match the status ({copy.DirectIo})");
        }
    }

    /// <summary>Every descriptor of this process that names a segment file of <paramref name="dirs"/>, with its open flags.</summary>
    private static List<(string Path, int Flags)> OpenSegmentFiles(TemporaryLogDirectories dirs)
    {
        var found = new List<(string, int)>();
        foreach (string fd in Directory.EnumerateFiles("/proc/self/fd"))
        {
            string? target;
            try
            {
                target = File.ResolveLinkTarget(fd, returnFinalTarget: false)?.FullName;
            }
            catch (IOException)
            {
                continue; // Closed since it was listed.
            }

            if (target is null || !target.EndsWith(".seg", StringComparison.Ordinal)
                || !(target.StartsWith(dirs.Primary + "/", StringComparison.Ordinal) || target.StartsWith(dirs.Secondary + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            string flagsLine = File.ReadLines("/proc/self/fdinfo/" + Path.GetFileName(fd)).Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
            found.Add((target, Convert.ToInt32(flagsLine["flags:".Length..].Trim(), 8)));
        }

        return found;
    }

    /// <summary>O_DIRECT's value differs between architectures.</summary>
    private static int DirectFlag() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 0x4000,
        Architecture.Arm64 => 0x10000,
        var other => throw new PlatformNotSupportedException(string.Create(CultureInfo.InvariantCulture, $"O_DIRECT's value on {other} is not known to this test.")),
    };
}
