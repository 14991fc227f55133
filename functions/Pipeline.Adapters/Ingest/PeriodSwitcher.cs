using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Ingest;

/// <summary>Makes staged revisions current: the manifest switch, the ticket merge before it, and retiring what it replaced.</summary>
public sealed class PeriodSwitcher(SliceStore slices, RevisionStager stager, ILogger<PeriodSwitcher> logger)
{
    /// <summary>Switch attempts per period when other uploads keep changing it.</summary>
    private const int MaxAttempts = 20;

    /// <summary>
    /// Switches the period's staged slices in with one conditional write of its manifest, merging tickets with the ones
    /// already stored first. When another upload switched the period meanwhile: a snapshot switches again as it is; a
    /// ticket merge whose base moved is staged afresh from the file and merged again.
    /// </summary>
    public async Task SwitchPeriodAsync(Stream file, UploadSource source, string hash, string period, Staged staged, CancellationToken cancellationToken)
    {
        var touched = staged.Written.Where(s => s.Period == period).ToList();
        var fileKeys = staged.TicketKeys.GetValueOrDefault(period);
        var revision = staged.Revision;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var manifest = await slices.ReadManifestAsync(period, cancellationToken);
            var switches = touched.ToDictionary(s => s, _ => revision);
            if (fileKeys is not null)
            {
                await MergeTicketsAsync(manifest, fileKeys, revision, switches, cancellationToken);
            }

            while (true)
            {
                if (await slices.TrySwitchAsync(manifest, switches, cancellationToken) is not null)
                {
                    await RetireAsync(manifest, switches, cancellationToken);
                    return;
                }

                var latest = await slices.ReadManifestAsync(period, cancellationToken);
                if (fileKeys is not null && latest.Current.Any(c => c.Key.Kind == SheetKind.TicketExport && manifest.RevisionOf(c.Key) != c.Value))
                {
                    break;
                }

                manifest = latest;
            }

            // The tickets stored meanwhile changed: the merged copies are stale. Stage the period again and merge anew.
            logger.LogInformation("{File}: tickets of {Period} changed meanwhile; merging again (attempt {Attempt})", source.File, period, attempt);
            await stager.DeleteAsync(switches.Keys, revision, cancellationToken);
            revision = await stager.RestageAsync(file, source, hash, period, cancellationToken);
        }

        throw new InvalidOperationException($"The period {period} kept changing while {source.File} was applied; it will be retried.");
    }

    /// <summary>
    /// A ticket export updates tickets by id: the new revision of a street keeps its stored tickets that the file
    /// does not restate, and a street the file does not touch loses a ticket the file now files under another street.
    /// </summary>
    private async Task MergeTicketsAsync(SliceManifest manifest, HashSet<UInt128> fileKeys, string revision, Dictionary<SliceKey, string> switches, CancellationToken cancellationToken)
    {
        foreach (var (slice, current) in manifest.Current.Where(c => c.Key.Kind == SheetKind.TicketExport))
        {
            if (!switches.ContainsKey(slice)
                && !await slices.ReadAsync(slice, current, cancellationToken, ["RowKey"]).AnyAsync(e => fileKeys.Contains(KeyDigest.Of(e.RowKey)), cancellationToken))
            {
                continue;
            }

            var target = SliceStore.PartitionOf(slice, revision);
            await slices.WriteAsync(
                slices.ReadAsync(slice, current, cancellationToken)
                    .Where(e => !fileKeys.Contains(KeyDigest.Of(e.RowKey)))
                    .Select(e => new TableEntity(e) { PartitionKey = target, ETag = default }),
                cancellationToken);
            switches[slice] = revision;
        }
    }

    /// <summary>Deletes the revisions a switch replaced. Best effort: a leftover revision is unreachable, not wrong.</summary>
    private async Task RetireAsync(SliceManifest replaced, IReadOnlyDictionary<SliceKey, string> switches, CancellationToken cancellationToken)
    {
        foreach (var slice in switches.Keys)
        {
            if (replaced.RevisionOf(slice) is not { } old)
            {
                continue;
            }

            try
            {
                await slices.DeleteAsync(slice, old, cancellationToken);
            }
            catch (Azure.RequestFailedException e)
            {
                logger.LogWarning(e, "Could not delete replaced revision {Revision} of {Slice}", old, slice);
            }
        }
    }
}
