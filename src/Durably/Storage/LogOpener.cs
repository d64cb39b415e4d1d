using System.Globalization;
using Durably.IO;
using Durably.Storage.Format;
using Durably.Storage.Recovery;
using Durably.Storage.Segments;
using Durably.Storage.Snapshots;
using Durably.Storage.Writing;

namespace Durably.Storage;

/// <summary>
/// Opens a log: validates the options, chooses the engine, creates and locks the directories,
/// probes the devices, recovers (scan, merge, repair, re-check) or creates the log, and opens
/// the segment to append to. Nothing accepts appends until all of that succeeded.
/// </summary>
internal static class LogOpener
{
    internal static LogFoundation Open(LogOptions options, CancellationToken cancellationToken)
    {
        IReadOnlyList<LogCopyLocation> copies = LogSettings.ValidateLocations(options);
        try
        {
            return Open(options, copies, cancellationToken);
        }
        catch (StorageException e)
        {
            throw LogIoErrors.ToPublic(e, copies, "Opening the log");
        }
    }

    private static LogFoundation Open(LogOptions options, IReadOnlyList<LogCopyLocation> copies, CancellationToken cancellationToken)
    {
        (IoEngine engine, string engineReason, bool automaticEngine) = IoEngineSelection.Choose(options);
        var locks = new List<DirectoryLock>();
        var toClose = new List<IDisposable>();
        FrameBuffers? buffers = null;
        SnapshotCatalogue? snapshots = null;
        try
        {
            StorageFileSystem fileSystem = engine.FileSystem;
            foreach (LogCopyLocation copy in copies)
            {
                fileSystem.CreateDirectory(copy.Directory);
            }

            RefuseOneDirectoryTwice(fileSystem, copies);
            foreach (LogCopyLocation copy in copies)
            {
                locks.Add(Lock(fileSystem, copy));
            }

            cancellationToken.ThrowIfCancellationRequested();
            StorageDeviceInfo[] devices = [.. copies.Select(c => fileSystem.ProbeDevice(c.Directory))];
            var warnings = new List<string>();
            if (copies.Count == 1)
            {
                warnings.Add("Running with one copy (SingleCopy): a single disk failure or latent sector error can lose acknowledged records.");
            }
            else if (devices[0].DeviceId == devices[1].DeviceId)
            {
                warnings.Add($"The primary ({copies[0].Directory}) and secondary ({copies[1].Directory}) copies are on the same device "
                    + $"{devices[0].DeviceId}: one disk failure loses both.");
            }

            for (int c = 0; c < copies.Count; c++)
            {
                if (devices[c].NonPersistentFileSystem is { } kind)
                {
                    warnings.Add($"The {copies[c].Name} copy ({copies[c].Directory}) is on {kind}, which does not survive a reboot: "
                        + "everything acknowledged is lost at the next reboot or power loss. Put the log on a persistent file system.");
                }
            }

            int deviceAlignment = devices.Max(d => d.DirectIoAlignment);
            var records = new List<RepairRecord>();
            // Snapshots first: a verified one says where the live log begins (segments before it are retired).
            snapshots = SnapshotCatalogue.Load(fileSystem, copies, Math.Max(deviceAlignment, LogFormat.MinimumAlignment), syncFirst: true);
            SnapshotCatalogue catalogue = snapshots;
            LogStart chosenStart = LogStart.Beginning;
            RecoveryPlan plan;
            try
            {
                plan = Scan(fileSystem, copies, options, deviceAlignment, (id, _, present) => chosenStart = catalogue.StartFor(id, present), syncFirst: true);
            }
            catch (LogCorruptException refusal)
            {
                // A start segment missing from every copy while snapshots verify in no copy: those snapshots are why.
                throw catalogue.ExplainMissingStart(fileSystem, copies, chosenStart.Segment, refusal);
            }

            if (plan.IsNewLog && snapshots.AnyFiles)
            {
                throw new LogCorruptException(
                    "The log directories hold snapshot files but no segment file: the log behind the snapshots is gone. Refusing to create a new log over them; "
                    + "restore the segment files, or move the snapshot files away to start an empty log.",
                    1,
                    [.. copies.Select(c => c.Directory)]);
            }

            // Which snapshots count is decided before anything is repaired, so that refusing (a log
            // that ends before the newest snapshot, another history) leaves every file as it was.
            SnapshotSelection? selection = null;
            if (!plan.IsNewLog)
            {
                selection = SnapshotRecovery.Choose(fileSystem, copies, snapshots, plan, options.RecoveryMode);
                if (selection.Kept.Count == 0 && plan.Start.Segment > 1)
                {
                    // The scan began where snapshots said, and recovery set every one of them aside:
                    // the log must be read from its real start, or the state cannot be rebuilt.
                    RefuseWithoutTheStart(fileSystem, copies, plan, selection);
                    plan = Scan(fileSystem, copies, options, deviceAlignment, (_, _, _) => LogStart.Beginning, syncFirst: false);
                    selection = SnapshotRecovery.Choose(fileSystem, copies, snapshots, plan, options.RecoveryMode);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            int alignment = plan.IsNewLog ? ChooseAlignment(options, copies, devices) : plan.Alignment;
            if (!plan.IsNewLog && alignment < deviceAlignment)
            {
                throw new DurableLogException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The log was created with alignment {alignment}, but the device now needs {deviceAlignment} for O_DIRECT."));
            }

            for (int c = 0; c < copies.Count && !plan.IsNewLog; c++)
            {
                if (alignment < devices[c].PhysicalSectorSize)
                {
                    warnings.Add(string.Create(
                        CultureInfo.InvariantCulture,
                        $"The log was created with alignment {alignment}, below the physical sector size {devices[c].PhysicalSectorSize} of the "
                        + $"{copies[c].Name}'s device {devices[c].DeviceId}: a new frame shares a physical sector with the one before it, "
                        + $"and a power loss while the drive rewrites that sector can damage the earlier, acknowledged frame in this copy. "
                        + $"Move the log to a device with smaller physical sectors, or copy its records into a new log."));
                }
            }

            if (!plan.IsNewLog && options.Alignment != 0 && options.Alignment != alignment)
            {
                warnings.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"LogOptions.Alignment is {options.Alignment}, but the existing log was created with {alignment}; keeping {alignment}."));
            }

            LogSettings settings = LogSettings.Create(options, copies, alignment);
            LogId logId = plan.IsNewLog ? LogId.NewId() : plan.LogId;
            var creator = new SegmentCreator(fileSystem, logId, alignment, direct: true);
            toClose.Add(creator);

            if (plan.IsNewLog)
            {
                foreach ((int copy, string fileName) in plan.Deletions)
                {
                    fileSystem.Delete(copies[copy].PathOf(fileName));
                    fileSystem.SyncDirectory(copies[copy].Directory);
                }

                foreach (LogCopyLocation copy in copies)
                {
                    creator.Create(copy, 1, settings.SegmentSize);
                }
            }
            else if (plan.NeedsRepair)
            {
                using (var repairer = new LogRepairer(fileSystem, copies, plan, direct: true))
                {
                    repairer.Apply();
                }

                CheckRepairHeld(fileSystem, copies, options, deviceAlignment, plan);
            }

            records.AddRange(plan.Records);
            (RecoveredSnapshot? recoveredSnapshot, List<SnapshotRecord> keptSnapshots) = selection is null
                ? (null, [])
                : SnapshotRecovery.Apply(fileSystem, copies, snapshots, selection, plan.Alignment, records);
            snapshots.Dispose();
            snapshots = null;

            // Spares of another size would break the space rule (and could end up empty in the
            // middle of the log): keep only those of the configured size before the first that
            // is not, and delete the rest from the highest down, so a crash while deleting never
            // leaves a hole in the segment chain.
            var spareNumbers = new List<(uint Number, long Size)>();
            foreach ((uint number, long size) in plan.Spares)
            {
                if (size != settings.SegmentSize || spareNumbers.Count != number - plan.EndSegment - 1)
                {
                    break;
                }

                spareNumbers.Add((number, size));
            }

            foreach ((uint number, long size) in plan.Spares.Skip(spareNumbers.Count).Reverse())
            {
                for (int c = 0; c < copies.Count; c++)
                {
                    fileSystem.Delete(copies[c].PathOf(SegmentFileName.For(number)));
                    fileSystem.SyncDirectory(copies[c].Directory);
                    records.Add(new RepairRecord(
                        RepairKind.FileDeleted,
                        copies[c].Name,
                        copies[c].PathOf(SegmentFileName.For(number)),
                        -1,
                        0,
                        -1,
                        string.Create(CultureInfo.InvariantCulture, $"a spare of {size} bytes, not the configured segment size {settings.SegmentSize}")));
                }
            }

            // From here on appends may be accepted: the clean-close record no longer describes the
            // log's end, and a crash from now on must not be taken for a clean close.
            CleanCloseFiles.Delete(fileSystem, copies);

            uint activeNumber = plan.IsNewLog ? 1 : plan.EndSegment;
            long activeSize = plan.IsNewLog ? settings.SegmentSize : plan.Segments[^1].Size;
            long cursor = plan.IsNewLog ? alignment : plan.EndOffset;
            SegmentFiles active = OpenSegment(fileSystem, copies, activeNumber, activeSize, settings);
            toClose.Add(active);
            var spares = new List<SegmentFiles>();
            foreach ((uint number, long size) in spareNumbers)
            {
                SegmentFiles spare = OpenSegment(fileSystem, copies, number, size, settings);
                toClose.Add(spare);
                spares.Add(spare);
            }

            // Registering pinned buffers is where a kernel may still refuse io_uring (locked-memory limit);
            // an Auto choice falls back to Portable here, before anything is appended.
            int framesInFlight = Math.Min(options.FramesInFlight > 0 ? options.FramesInFlight : LogOptions.DefaultFramesInFlight, engine.MaxGroupsInFlight);
            buffers = new FrameBuffers(settings.MaxFrameSize, alignment, settings.VerifyAfterWrite ? copies.Count : 0, framesInFlight);
            (engine, engineReason) = IoEngineSelection.Register(engine, engineReason, automaticEngine, buffers, active);

            var copyStatus = new List<LogCopyStatus>();
            for (int c = 0; c < copies.Count; c++)
            {
                StorageFile file = active.Files[c];
                copyStatus.Add(new LogCopyStatus
                {
                    Name = copies[c].Name,
                    Directory = copies[c].Directory,
                    Device = devices[c].DeviceId,
                    PhysicalSectorSize = devices[c].PhysicalSectorSize,
                    DirectIo = file.IsDirect,
                    DataSync = settings.DataSync,
                    FdatasyncAfterWrite = settings.SyncAfterWrite,
                    DirectIoNote = file.DirectRefusal,
                });
                if (file.DirectRefusal is not null)
                {
                    warnings.Add($"The {copies[c].Name} copy does not use O_DIRECT: {file.DirectRefusal}.");
                }
            }

            IndexedSegment[] index = [.. plan.Segments
                .Where(s => s.FirstSequence > 0)
                .Select(s => new IndexedSegment(s.Number, s.Size, s.FirstSequence, s.ChainBefore))];
            bool activeIndexed = index.Length > 0 && index[^1].Number == activeNumber;
            uint nextNumber = Math.Max(activeNumber, spareNumbers.Count == 0 ? 0 : spareNumbers[^1].Number) + 1;

            return new LogFoundation(
                settings,
                engine,
                engineReason,
                logId,
                locks,
                copyStatus,
                warnings,
                records,
                creator,
                buffers,
                active,
                cursor,
                plan.IsNewLog ? LogFormat.InitialChain : plan.LastCrc,
                activeIndexed,
                plan.IsNewLog ? 0 : plan.LastSequence,
                spares,
                index,
                nextNumber,
                options.OnMessage,
                recoveredSnapshot,
                keptSnapshots);
        }
        catch
        {
            snapshots?.Dispose();
            foreach (IDisposable disposable in toClose)
            {
                disposable.Dispose();
            }

            engine.Dispose();
            if (!engine.HasOperationsInFlight)
            {
                buffers?.Dispose();
            }

            foreach (DirectoryLock held in locks)
            {
                held.Dispose();
            }

            throw;
        }
    }

    private const int SelfHeldLockRetries = 20;
    private static readonly TimeSpan SelfHeldLockRetryDelay = TimeSpan.FromMilliseconds(50);

    private static DirectoryLock Lock(StorageFileSystem fileSystem, LogCopyLocation copy)
    {
        string path = copy.PathOf(SegmentFileName.LockFile);
        DirectoryLock? held = fileSystem.TryLock(path, out string? holder);

        // A lock that names this very process may be a closed log's lock still pinned by a child
        // this process is forking at the same moment (the child shares the open file description
        // until its exec closes it). Wait that window out briefly; a log really open twice in one
        // process stays refused.
        for (int attempt = 0; held is null && attempt < SelfHeldLockRetries
            && LockHolderText.ProcessId(holder) == Environment.ProcessId; attempt++)
        {
            Thread.Sleep(SelfHeldLockRetryDelay);
            held = fileSystem.TryLock(path, out holder);
        }

        if (held is null && LockHolderText.ProcessId(holder) == Environment.ProcessId)
        {
            throw new LogLockedException(
                $"The log in {copy.Directory} is already open in this process (pid {Environment.ProcessId}): {path} is locked by it. "
                + "Open a log once and share that instance, or dispose it before opening the log again.",
                copy.Directory,
                holder,
                Environment.ProcessId);
        }

        if (held is null)
        {
            int? pid = LockHolderText.ProcessId(holder);
            throw new LogLockedException(
                $"The log in {copy.Directory} is open in another process ({holder ?? "holder unknown"}): {path} is locked. "
                + "One process per log; close it there first.",
                copy.Directory,
                holder,
                pid);
        }

        return held;
    }

    /// <summary>
    /// Two copies in one directory would be one copy that each write lands in twice: refused by
    /// device and inode, so a symlink or bind mount to the same directory is caught too (and
    /// named as such, rather than as a lock held by this very process).
    /// </summary>
    private static void RefuseOneDirectoryTwice(StorageFileSystem fileSystem, IReadOnlyList<LogCopyLocation> copies)
    {
        if (copies.Count < 2)
        {
            return;
        }

        string primary = fileSystem.IdentifyDirectory(copies[0].Directory);
        string secondary = fileSystem.IdentifyDirectory(copies[1].Directory);
        if (primary == secondary)
        {
            throw new LogConfigurationException(
                $"The primary ({copies[0].Directory}) and secondary ({copies[1].Directory}) are the same directory (device and inode {primary}), "
                + "reached through a symlink or bind mount: the log would have one copy, not two. Give two different directories, ideally on two disks.");
        }
    }

    /// <summary>
    /// A new log's alignment: the option if given, else the largest of 4096 and every copy's
    /// O_DIRECT alignment and physical sector size. Never below either: O_DIRECT refuses writes
    /// below its alignment, and a frame smaller than a physical sector would share it with the
    /// frame before it, which the drive's read-modify-write of that sector can then damage.
    /// </summary>
    private static int ChooseAlignment(LogOptions options, IReadOnlyList<LogCopyLocation> copies, StorageDeviceInfo[] devices)
    {
        if (options.Alignment == 0)
        {
            return Math.Max(LogFormat.DefaultAlignment, devices.Max(d => Math.Max(d.DirectIoAlignment, d.PhysicalSectorSize)));
        }

        for (int c = 0; c < copies.Count; c++)
        {
            if (options.Alignment < devices[c].DirectIoAlignment)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(options),
                    options.Alignment,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"LogOptions.Alignment {options.Alignment} is below the O_DIRECT alignment {devices[c].DirectIoAlignment} of the {copies[c].Name}'s device "
                        + $"{devices[c].DeviceId} ({copies[c].Directory})."));
            }

            if (options.Alignment < devices[c].PhysicalSectorSize)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(options),
                    options.Alignment,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"LogOptions.Alignment {options.Alignment} is below the physical sector size {devices[c].PhysicalSectorSize} of the {copies[c].Name}'s device "
                        + $"{devices[c].DeviceId} ({copies[c].Directory}): each frame would share a physical sector with the one before it, and a power "
                        + $"loss while the drive rewrites that sector could damage the earlier, acknowledged frame."));
            }
        }

        return options.Alignment;
    }

    private static RecoveryPlan Scan(
        StorageFileSystem fileSystem,
        IReadOnlyList<LogCopyLocation> copies,
        LogOptions options,
        int deviceAlignment,
        Func<LogId, int, Func<uint, bool>, LogStart> chooseStart,
        bool syncFirst)
    {
        using var scan = new RecoveryScan(fileSystem, copies, options.RecoveryMode, direct: true, deviceAlignment, chooseStart);
        return scan.Run(syncFirst);
    }

    /// <summary>
    /// Refuses to open when a segment before the scan's start is gone and no snapshot can stand in
    /// for it: replaying the records after the gap into the initial state would build a wrong state,
    /// which no recovery mode accepts (and truncating there would throw away the whole live log).
    /// Returns when segments 1 to the start are all present, to be scanned. Changes nothing on disk.
    /// </summary>
    private static void RefuseWithoutTheStart(StorageFileSystem fileSystem, IReadOnlyList<LogCopyLocation> copies, RecoveryPlan plan, SnapshotSelection selection)
    {
        var present = new HashSet<uint>();
        foreach (LogCopyLocation copy in copies.Where(c => fileSystem.DirectoryExists(c.Directory)))
        {
            foreach (string name in fileSystem.ListFiles(copy.Directory))
            {
                if (SegmentFileName.TryParse(name, out uint number))
                {
                    present.Add(number);
                }
            }
        }

        uint missing = 1;
        while (missing < plan.Start.Segment && present.Contains(missing))
        {
            missing++;
        }

        if (missing == plan.Start.Segment)
        {
            return;
        }

        string why = selection.WhySetAside.Count == 0 ? "none verifies" : string.Join("; ", selection.WhySetAside);
        throw new LogCorruptException(
            string.Create(
                CultureInfo.InvariantCulture,
                $"Segment {missing} is missing from every copy: segments before {plan.Start.Segment} were retired behind snapshots, but no snapshot of this log's history can be used ({why}). ")
            + string.Create(
                CultureInfo.InvariantCulture,
                $"The state before record {plan.Start.FirstSequence} cannot be rebuilt; refusing to open, also with AcceptDataLoss, because replaying the records from {plan.Start.FirstSequence} on into the initial state would give a wrong state. ")
            + "Nothing was changed on disk. Restore this log's snapshot files or its retired segment files.",
            1,
            [.. copies.Select(c => c.Name + ": " + c.PathOf(SegmentFileName.For(missing)) + ": missing")]);
    }

    private static void CheckRepairHeld(
        StorageFileSystem fileSystem,
        IReadOnlyList<LogCopyLocation> copies,
        LogOptions options,
        int deviceAlignment,
        RecoveryPlan plan)
    {
        // Scan again, from the same start: the repaired copies must now agree with nothing left to mend.
        RecoveryPlan again = Scan(fileSystem, copies, options, deviceAlignment, (_, _, _) => plan.Start, syncFirst: false);

        if (again.NeedsRepair || again.LastSequence != plan.LastSequence || again.Records.Any(r => r.Kind != RepairKind.DataLossAccepted))
        {
            throw new DurableLogException(
                "Recovery repaired the log, but a second scan still finds damage, so the repair did not hold (a failing disk?). "
                + "First scan: " + string.Join(" ", plan.Records) + " Second scan: " + string.Join(" ", again.Records));
        }
    }

    private static SegmentFiles OpenSegment(StorageFileSystem fileSystem, IReadOnlyList<LogCopyLocation> copies, uint number, long size, LogSettings settings)
    {
        var files = new StorageFile[copies.Count];
        try
        {
            for (int c = 0; c < copies.Count; c++)
            {
                files[c] = fileSystem.Open(copies[c].PathOf(SegmentFileName.For(number)), StorageOpenMode.OpenExisting, settings.ActiveFileOptions);
            }
        }
        catch
        {
            foreach (StorageFile? file in files)
            {
                file?.Dispose();
            }

            throw;
        }

        return new SegmentFiles(number, size, files);
    }
}
