namespace Durably.Testing;

/// <summary>
/// A directory on a simulated disk: the entries the running system sees, the entries that
/// survive a crash, and the creates/renames/deletes in between that no directory fsync has
/// made durable yet. At a crash a random prefix of those operations survives, as a journaling
/// file system commits metadata in order.
/// </summary>
internal sealed class SimulatedDirectory
{
    internal Dictionary<string, SimulatedInode> Visible { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, SimulatedInode> Durable { get; } = new(StringComparer.Ordinal);

    internal List<DirectoryOperation> Unsynced { get; } = [];

    internal void Link(string name, SimulatedInode inode)
    {
        Visible[name] = inode;
        Unsynced.Add(new DirectoryOperation(DirectoryOperationKind.Link, name, null, inode));
    }

    internal void Rename(string from, string to)
    {
        SimulatedInode inode = Visible[from];
        Visible.Remove(from);
        Visible[to] = inode;
        Unsynced.Add(new DirectoryOperation(DirectoryOperationKind.Rename, from, to, inode));
    }

    internal void Unlink(string name)
    {
        Visible.Remove(name);
        Unsynced.Add(new DirectoryOperation(DirectoryOperationKind.Unlink, name, null, null));
    }

    internal void Sync()
    {
        Durable.Clear();
        foreach ((string name, SimulatedInode inode) in Visible)
        {
            Durable[name] = inode;
        }

        Unsynced.Clear();
    }

    internal void Crash(Random random)
    {
        int surviving = random.Next(Unsynced.Count + 1);
        for (int i = 0; i < surviving; i++)
        {
            DirectoryOperation op = Unsynced[i];
            switch (op.Kind)
            {
                case DirectoryOperationKind.Link:
                    Durable[op.Name] = op.Inode!;
                    break;
                case DirectoryOperationKind.Rename:
                    if (Durable.Remove(op.Name, out SimulatedInode? inode))
                    {
                        Durable[op.NewName!] = inode;
                    }

                    break;
                default:
                    Durable.Remove(op.Name);
                    break;
            }
        }

        Unsynced.Clear();
        Visible.Clear();
        foreach ((string name, SimulatedInode inode) in Durable)
        {
            Visible[name] = inode;
        }
    }
}

internal enum DirectoryOperationKind
{
    Link,
    Rename,
    Unlink,
}

internal sealed record DirectoryOperation(DirectoryOperationKind Kind, string Name, string? NewName, SimulatedInode? Inode);
