using Durably.Testing;

namespace Durably.Store.Tests.Infrastructure;

/// <summary>A simulated machine with two disks, for power-loss and fault tests of the store on the real log.</summary>
internal sealed class SimulatedMachine
{
    public SimulatedMachine(int seed, long capacity = 1L << 30)
    {
        Storage = new SimulatedStorage(seed);
        Primary = Storage.AddDisk("/disk1", new SimulatedDiskOptions { Capacity = capacity });
        Secondary = Storage.AddDisk("/disk2", new SimulatedDiskOptions { Capacity = capacity });
    }

    public SimulatedStorage Storage { get; }

    public SimulatedDisk Primary { get; }

    public SimulatedDisk Secondary { get; }

    /// <summary>Options for a store on this machine, as a freshly started process (a new engine) would open it.</summary>
    public DurableOptions Options(Action<DurableOptions>? configure = null)
    {
        var options = new DurableOptions
        {
            PrimaryDirectory = "/disk1/state",
            SecondaryDirectory = "/disk2/state",
            Log = { SegmentSize = 1 << 20, CustomEngine = Storage.CreateEngine() },
        };
        configure?.Invoke(options);
        return options;
    }
}
