using Durably.IO;
using Durably.Storage.Format;

namespace Durably.Storage.Recovery;

/// <summary>The segment files (and leftover temporaries) found in one copy's directory.</summary>
internal sealed class CopyInventory
{
    private CopyInventory(LogCopyLocation location, SortedDictionary<uint, string> segments, List<string> temporaries)
    {
        Location = location;
        Segments = segments;
        Temporaries = temporaries;
    }

    internal LogCopyLocation Location { get; }

    /// <summary>Segment number → file name.</summary>
    internal SortedDictionary<uint, string> Segments { get; }

    /// <summary>Names of temporary segment files a crash left behind.</summary>
    internal List<string> Temporaries { get; }

    internal static CopyInventory Take(StorageFileSystem fileSystem, LogCopyLocation location)
    {
        var segments = new SortedDictionary<uint, string>();
        var temporaries = new List<string>();
        foreach (string name in fileSystem.ListFiles(location.Directory))
        {
            if (SegmentFileName.TryParse(name, out uint number))
            {
                segments[number] = name;
            }
            else if (SegmentFileName.IsTemporary(name))
            {
                temporaries.Add(name);
            }
        }

        return new CopyInventory(location, segments, temporaries);
    }
}
