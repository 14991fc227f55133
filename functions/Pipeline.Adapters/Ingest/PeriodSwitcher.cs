using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Concurrency;
using Pipeline.Core.Closing;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Ingest;

/// <summary>
/// What a switch applied: the slices now current from the file, and what a later upload had already stated; or,
/// when a period of the file is closed, nothing, and the closed periods with their last close.
/// </summary>
public sealed record SwitchResult(IReadOnlyList<SliceKey> Switched, IReadOnlyList<Supersession> Superseded, bool AnythingApplied)
{
    public IReadOnlyList<(string Period, ClosingEvent Close)> Closed { get; init; } = [];
}

/// <summary>
/// Makes staged revisions current: every period of the file in one transaction of their manifests, so a file is
/// visible in all its months or in none. The latest upload wins: a slice already stated by a later upload stays as
/// it is, and so does a ticket; a ticket export first merges with the tickets stored. Replaced revisions are retired.
/// </summary>
public sealed class PeriodSwitcher(SliceStore slices, RevisionStager stager, ILogger<PeriodSwitcher> logger)
{
    /// <summary>Times a ticket merge may be redone because other uploads kept changing the tickets it merged with.</summary>
    private const int MaxMerges = 20;

    private readonly Turns _turns = new();

    public async Task<SwitchResult> SwitchAsync(UploadFile file, Staged staged, UploadFolders folders, CancellationToken cancellationToken)
    {
        var periods = staged.Inspection.Periods.ToList();
        Merge? merge = null;
        var merges = 0;
        // A lost race costs only a re-read and a new plan (someone else won, so the period moves on): try again until
        // the switch lands; only redoing a ticket merge, which restages the file, is bounded.
        for (var conflicts = 0; merges <= MaxMerges; conflicts++)
        {
            if (conflicts > 0)
            {
                await Task.Delay(Random.Shared.Next(5, 20 + (10 * Math.Min(conflicts, 10))), cancellationToken);
            }

            // Files that replace their slices take turns with this process's other switches; a merge by key, which may
            // take long, stays optimistic only.
            using var turn = staged.Inspection.Form is { } form && file.Context.Catalog.MergesByKey(form) ? null : await _turns.TakeAsync(cancellationToken);
            var manifests = new List<SliceManifest>();
            foreach (var period in periods)
            {
                manifests.Add(await slices.ReadManifestAsync(period, cancellationToken));
            }

            // A closed period takes no file; the check reads the manifests the switch would write, so it is atomic with it.
            if (manifests.Where(m => m.Closing.IsClosed).Select(m => (m.Period, m.Closing.LastClose!)).ToList() is { Count: > 0 } closed)
            {
                await stager.DeleteAsync(staged.Written.Union(merge?.Switches.Keys ?? []), staged.Revision, cancellationToken);
                return new SwitchResult([], [], false) { Closed = closed };
            }

            if (staged.Inspection.Form is { } merged && file.Context.Catalog.MergesByKey(merged))
            {
                if (merge is not null && !merge.StillValid(manifests))
                {
                    // Tickets stored meanwhile changed: the merged copies are stale. Stage the file again and merge anew.
                    logger.LogInformation("{File}: tickets changed meanwhile; merging again (merge {Merge})", file.Source.File, ++merges + 1);
                    await stager.DeleteAsync(merge.Switches.Keys, staged.Revision, cancellationToken);
                    staged = await stager.RestageAsync(file, staged, cancellationToken);
                    merge = null;
                }

                merge ??= await MergeTicketsAsync(file, staged, manifests, folders, cancellationToken);
            }

            var plan = merge?.Plan ?? PlanSnapshots(file, staged, manifests, folders);
            if (!plan.AnythingApplied)
            {
                await stager.DeleteAsync(staged.Written.Union(plan.Switches.Keys), staged.Revision, cancellationToken);
                return plan.Result;
            }

            var switches = manifests.Select(m => (m, (IReadOnlyDictionary<SliceKey, SliceEntry>)plan.Switches
                .Where(s => s.Key.Period == m.Period).ToDictionary(s => s.Key, s => s.Value))).ToList();
            if (await slices.TrySwitchAsync(switches, cancellationToken))
            {
                turn?.Dispose();
                await RetireAsync(manifests, plan.Switches, staged, cancellationToken);
                return plan.Result;
            }
        }

        throw new InvalidOperationException($"The periods of {file.Source.File} kept changing while it was applied; it will be retried.");
    }

    /// <summary>What to switch, what was superseded; the manifests a ticket merge was based on.</summary>
    private sealed record Plan(IReadOnlyDictionary<SliceKey, SliceEntry> Switches, IReadOnlyList<Supersession> Superseded, bool AnythingApplied)
    {
        public SwitchResult Result => new([.. Switches.Keys.Order(SliceOrder.Instance)], Superseded, AnythingApplied);
    }

    private sealed record Merge(Plan Plan, IReadOnlyList<SliceManifest> Base, string Form)
    {
        public IReadOnlyDictionary<SliceKey, SliceEntry> Switches => Plan.Switches;

        /// <summary>True while no slice of the file's form and periods changed since the merge read them.</summary>
        public bool StillValid(IReadOnlyList<SliceManifest> manifests) =>
            manifests.Zip(Base).All(pair => Tickets(pair.First).SequenceEqual(Tickets(pair.Second)));

        private IEnumerable<(string Slice, string Revision)> Tickets(SliceManifest manifest) =>
            manifest.Current.Where(c => c.Key.Form == Form).Select(c => (Slice: c.Key.ToString(), c.Value.Revision)).OrderBy(t => t.Slice, StringComparer.Ordinal);
    }

    /// <summary>A roster or counts file states whole slices: each is switched in unless a later upload stated it.</summary>
    private static Plan PlanSnapshots(UploadFile file, Staged staged, IReadOnlyList<SliceManifest> manifests, UploadFolders folders)
    {
        var switches = new Dictionary<SliceKey, SliceEntry>();
        var superseded = new List<Supersession>();
        foreach (var slice in staged.Written.Order(SliceOrder.Instance))
        {
            var current = manifests.Single(m => m.Period == slice.Period).Current.GetValueOrDefault(slice);
            if (current?.Upload is { } later && later.IsLaterThan(file.Upload))
            {
                superseded.Add(new Supersession(slice, folders.Disclose(later, file.Context.Registry)));
            }
            else
            {
                switches[slice] = new SliceEntry(staged.Revision, file.Upload);
            }
        }

        return new Plan(switches, superseded, switches.Count > 0);
    }

    /// <summary>
    /// A ticket export updates tickets by id, and the later statement of a ticket wins: each switched street keeps
    /// its stored tickets the file does not restate and those a later upload stated; a street loses a ticket the file
    /// now files under another street, unless its stored copy is the later statement — then the file's copy goes.
    /// </summary>
    private async Task<Merge> MergeTicketsAsync(UploadFile file, Staged staged, IReadOnlyList<SliceManifest> manifests, UploadFolders folders, CancellationToken cancellationToken)
    {
        var switches = staged.Written.ToDictionary(s => s, _ => new SliceEntry(staged.Revision, file.Upload));
        var superseded = new Dictionary<(SliceKey Slice, string By), int>();
        var fileTickets = 0;
        var dropped = new List<(string PartitionKey, string RowKey)>();
        foreach (var manifest in manifests)
        {
            var streets = staged.TicketStreets.GetValueOrDefault(manifest.Period) ?? [];
            fileTickets += streets.Count;
            foreach (var (slice, current) in manifest.Current.Where(c => c.Key.Form == staged.Inspection.Form))
            {
                if (!switches.ContainsKey(slice)
                    && !await slices.ReadAsync(slice, current.Revision, cancellationToken, ["RowKey"]).AnyAsync(e => streets.ContainsKey(KeyDigest.Of(e.RowKey)), cancellationToken))
                {
                    continue;
                }

                var target = SliceStore.PartitionOf(slice, staged.Revision);
                var kept = new List<TableEntity>();
                await foreach (var stored in slices.ReadAsync(slice, current.Revision, cancellationToken))
                {
                    if (!streets.TryGetValue(KeyDigest.Of(stored.RowKey), out var fileStreet))
                    {
                        kept.Add(stored);
                    }
                    else if (RecordEntities.UploadOf(stored) is { } later && later.IsLaterThan(file.Upload))
                    {
                        kept.Add(stored);
                        var fileSlice = slice with { StreetCode = fileStreet };
                        if (fileStreet != slice.StreetCode)
                        {
                            dropped.Add((SliceStore.PartitionOf(fileSlice, staged.Revision), stored.RowKey));
                        }

                        var key = (fileSlice, folders.Disclose(later, file.Context.Registry));
                        superseded[key] = superseded.GetValueOrDefault(key) + 1;
                    }
                }

                await slices.WriteAsync(kept.Select(e => new TableEntity(e) { PartitionKey = target, ETag = default }), cancellationToken);
                switches[slice] = new SliceEntry(staged.Revision, file.Upload);
            }
        }

        await slices.DeleteRowsAsync(dropped, cancellationToken);
        var list = superseded.OrderBy(s => s.Key.Slice, SliceOrder.Instance).ThenBy(s => s.Key.By, StringComparer.Ordinal)
            .Select(s => new Supersession(s.Key.Slice, s.Key.By, s.Value)).ToList();
        return new Merge(new Plan(switches, list, list.Sum(s => s.Tickets) < fileTickets), manifests, staged.Inspection.Form!);
    }

    /// <summary>
    /// Deletes the revisions the switch replaced and the staged ones it did not use. Best effort: what is left is
    /// unreachable, not wrong, and the sweep removes it.
    /// </summary>
    private async Task RetireAsync(IReadOnlyList<SliceManifest> replaced, IReadOnlyDictionary<SliceKey, SliceEntry> switches, Staged staged, CancellationToken cancellationToken)
    {
        var garbage = replaced.SelectMany(m => m.Current.Where(c => switches.ContainsKey(c.Key) && c.Value.Revision != staged.Revision).Select(c => (c.Key, c.Value.Revision)))
            .Concat(staged.Written.Where(s => !switches.ContainsKey(s)).Select(s => (s, staged.Revision)));
        foreach (var (slice, revision) in garbage)
        {
            try
            {
                await slices.DeleteAsync(slice, revision, cancellationToken);
            }
            catch (Azure.RequestFailedException e)
            {
                logger.LogWarning("Could not delete revision {Revision} of {Slice} ({Status}); the sweep will", revision, slice, e.Status);
            }
        }
    }
}
