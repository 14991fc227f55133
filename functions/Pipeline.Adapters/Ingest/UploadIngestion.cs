using System.Security.Cryptography;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Ingest;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Ingest;

/// <summary>
/// Ingests one uploaded blob: read → inspect → reject with a findings report, or write the rows under new revisions
/// and switch them in per period → receipt. Safe to run twice on the same blob, and side by side with other uploads.
/// Deterministic problems end in a rejected receipt; transient storage failures are thrown for the host to retry.
/// </summary>
public sealed class UploadIngestion(
    PipelineStorage storage, SliceStore slices, ReceiptStore receipts, IngestContext context, TimeProvider clock, ILogger<UploadIngestion> logger)
{
    /// <summary>Switch attempts per period when other uploads keep changing it.</summary>
    private const int MaxAttempts = 20;

    public async Task<IngestOutcome> IngestAsync(string blobPath, string? operatorPeriod = null, bool force = false, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var source = UploadSource.ForBlob(blobPath, operatorPeriod);
        var blob = storage.Uploads.GetBlobClient(blobPath);
        var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        if (properties.ContentLength > context.Limits.MaxFileBytes)
        {
            // Refused unread: the blob's ETag stands in for its content hash.
            var tooLarge = new UploadInspection(null, null, 0, [FileFindings.TooLarge(blobPath, properties.ContentLength, context.Limits.MaxFileBytes)], []);
            return await FinishAsync(blobPath, $"etag-{properties.ETag.ToString().Trim('"')}", source, tooLarge, file: null, force, cancellationToken);
        }

        await using var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        await blob.DownloadToAsync(file, cancellationToken);
        file.Position = 0;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        var inspection = await ReadReceiptOrInspectAsync(hash, source, file, force, cancellationToken);
        return inspection.Outcome ?? await FinishAsync(blobPath, hash, source, inspection.Inspection!, file, force, cancellationToken);
    }

    private async Task<(IngestOutcome? Outcome, UploadInspection? Inspection)> ReadReceiptOrInspectAsync(
        string hash, UploadSource source, Stream file, bool force, CancellationToken cancellationToken)
    {
        var existing = await receipts.FindAsync(hash, source.FallbackPeriod, cancellationToken);
        if (existing is { Status: not ReceiptStatus.Pending } && !force)
        {
            logger.LogInformation("{File}: same content already {Status} as {Original}; nothing to do", source.File, existing.Status, existing.File);
            return (new IngestOutcome(existing, Repeated: true, []), null);
        }

        return (null, UploadReading.Inspect(file, source, context));
    }

    private async Task<IngestOutcome> FinishAsync(
        string blobPath, string hash, UploadSource source, UploadInspection inspection, Stream? file, bool force, CancellationToken cancellationToken)
    {
        var receipt = Receipt.From(blobPath, hash, inspection, clock.GetUtcNow());
        if (!inspection.Accepted)
        {
            await RejectAsync(blobPath, inspection.Findings, file, cancellationToken);
            await receipts.SaveAsync(receipt, source.FallbackPeriod, cancellationToken);
            logger.LogWarning("{File}: rejected with {Findings} finding(s)", blobPath, receipt.Findings);
            return new IngestOutcome(receipt, false, inspection.Findings);
        }

        await receipts.SaveAsync(receipt, source.FallbackPeriod, cancellationToken);
        foreach (var period in inspection.Periods)
        {
            await ApplyPeriodAsync(file!, source, hash, period, [.. inspection.Slices.Where(s => s.Period == period)], cancellationToken);
        }

        receipt = receipt with { Status = ReceiptStatus.Accepted, At = clock.GetUtcNow() };
        await receipts.SaveAsync(receipt, source.FallbackPeriod, cancellationToken);
        logger.LogInformation("{File}: accepted {Rows} row(s) of {Kind} for {Slices} slice(s){Forced}",
            blobPath, receipt.Rows, receipt.Kind, receipt.Slices.Count, force ? " (replayed)" : "");
        return new IngestOutcome(receipt, false, inspection.Findings);
    }

    /// <summary>The findings beside the upload's path in results, and the file itself in quarantine.</summary>
    private async Task RejectAsync(string blobPath, IReadOnlyList<Finding> findings, Stream? file, CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            Upload(storage.Results.GetBlobClient($"{blobPath}.findings.csv"), BinaryData.FromBytes(FindingsReport.ToCsv(findings)), "text/csv; charset=utf-8", cancellationToken),
            Upload(storage.Results.GetBlobClient($"{blobPath}.findings.json"), BinaryData.FromBytes(FindingsReport.ToJson(findings)), "application/json; charset=utf-8", cancellationToken));
        if (file is not null)
        {
            file.Position = 0;
            await storage.Quarantine.GetBlobClient(blobPath).UploadAsync(file, overwrite: true, cancellationToken);
        }
    }

    private static Task Upload(BlobClient blob, BinaryData content, string contentType, CancellationToken cancellationToken) =>
        blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);

    /// <summary>
    /// Writes the period's rows under a fresh revision, merges tickets with the ones already stored, and switches the
    /// manifest. When another upload switched the period first, retries: snapshots switch again as they are; ticket
    /// merges are redone if any ticket slice of the period moved on.
    /// </summary>
    private async Task ApplyPeriodAsync(Stream file, UploadSource source, string hash, string period, IReadOnlyList<SliceKey> touched, CancellationToken cancellationToken)
    {
        var tickets = touched.Any(s => s.Kind == SheetKind.TicketExport);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var manifest = await slices.ReadManifestAsync(period, cancellationToken);
            var revision = $"{clock.GetUtcNow():yyyyMMddHHmmssfff}-{hash[..8]}-{RandomNumberGenerator.GetHexString(4, lowercase: true)}";
            var switches = touched.ToDictionary(s => s, _ => revision);
            var fileKeys = new HashSet<string>(StringComparer.Ordinal);
            await slices.WriteAsync(
                UploadReading.Records(file, source, context)
                    .Where(r => r.Period == period)
                    .Select(r =>
                    {
                        var entity = RecordEntities.ToEntity(r, SliceStore.PartitionOf(new SliceKey(r.Kind, r.Period, r.StreetCode), revision), source.File);
                        if (tickets)
                        {
                            fileKeys.Add(entity.RowKey);
                        }

                        return entity;
                    }),
                cancellationToken);
            if (tickets)
            {
                await MergeTicketsAsync(manifest, fileKeys, revision, switches, cancellationToken);
            }

            while (true)
            {
                var switched = await slices.TrySwitchAsync(manifest, switches, cancellationToken);
                if (switched is not null)
                {
                    await RetireAsync(manifest, switches, cancellationToken);
                    return;
                }

                var latest = await slices.ReadManifestAsync(period, cancellationToken);
                if (tickets && latest.Current.Any(c => c.Key.Kind == SheetKind.TicketExport && manifest.RevisionOf(c.Key) != c.Value))
                {
                    break; // the ticket base moved: merge again from the start
                }

                manifest = latest;
            }

            logger.LogInformation("{File}: tickets of {Period} changed meanwhile; merging again (attempt {Attempt})", source.File, period, attempt);
            foreach (var slice in switches.Keys)
            {
                await slices.DeleteAsync(slice, revision, cancellationToken);
            }
        }

        throw new InvalidOperationException($"The period {period} kept changing while {source.File} was applied; it will be retried.");
    }

    /// <summary>
    /// A ticket export updates tickets by id: the new revision of a street keeps its stored tickets that the file
    /// does not restate, and a street the file does not touch loses a ticket the file now files under another street.
    /// </summary>
    private async Task MergeTicketsAsync(SliceManifest manifest, HashSet<string> fileKeys, string revision, Dictionary<SliceKey, string> switches, CancellationToken cancellationToken)
    {
        foreach (var (slice, current) in manifest.Current.Where(c => c.Key.Kind == SheetKind.TicketExport))
        {
            if (!switches.ContainsKey(slice)
                && !await slices.ReadAsync(slice, current, cancellationToken, ["RowKey"]).AnyAsync(e => fileKeys.Contains(e.RowKey), cancellationToken))
            {
                continue;
            }

            var target = SliceStore.PartitionOf(slice, revision);
            await slices.WriteAsync(
                slices.ReadAsync(slice, current, cancellationToken)
                    .Where(e => !fileKeys.Contains(e.RowKey))
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
