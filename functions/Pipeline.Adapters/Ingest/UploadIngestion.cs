using System.Security.Cryptography;
using System.Threading.Channels;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Ingest;
using Pipeline.Core.Validation;
using Pipeline.Core.Model;

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
            return await RejectAsync(source, $"etag-{properties.ETag.ToString().Trim('"')}", tooLarge, file: null, cancellationToken);
        }

        await using var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        await blob.DownloadToAsync(file, cancellationToken);
        file.Position = 0;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        var existing = await receipts.FindAsync(hash, source.FallbackPeriod, cancellationToken);
        if (existing is { Status: not ReceiptStatus.Pending } && !force)
        {
            logger.LogInformation("{File}: same content already {Status} as {Original}; nothing to do", blobPath, existing.Status, existing.File);
            return new IngestOutcome(existing, Repeated: true, []);
        }

        var staged = await StageAsync(file, source, hash, cancellationToken);
        if (!staged.Inspection.Accepted)
        {
            await DeleteAsync(staged.Written, staged.Revision, cancellationToken);
            return await RejectAsync(source, hash, staged.Inspection, file, cancellationToken);
        }

        var receipt = Receipt.From(blobPath, hash, staged.Inspection, clock.GetUtcNow());
        await receipts.SaveAsync(receipt, source.FallbackPeriod, cancellationToken);
        foreach (var period in staged.Inspection.Periods)
        {
            await SwitchPeriodAsync(file, source, hash, period, staged, cancellationToken);
        }

        receipt = receipt with { Status = ReceiptStatus.Accepted, At = clock.GetUtcNow() };
        await receipts.SaveAsync(receipt, source.FallbackPeriod, cancellationToken);
        logger.LogInformation("{File}: accepted {Rows} row(s) of {Kind} for {Slices} slice(s){Forced}",
            blobPath, receipt.Rows, receipt.Kind, receipt.Slices.Count, force ? " (replayed)" : "");
        return new IngestOutcome(receipt, false, staged.Inspection.Findings);
    }

    /// <summary>What one read of the file staged: its verdict, and the rows written under a revision nobody reads yet.</summary>
    private sealed record Staged(UploadInspection Inspection, string Revision, IReadOnlySet<SliceKey> Written, IReadOnlyDictionary<string, HashSet<UInt128>> TicketKeys);

    /// <summary>
    /// One read of the file that both checks it and writes its clean rows under a new revision, so an accepted file
    /// (the common case) is parsed once and written as it is read. A bounded channel keeps memory flat.
    /// </summary>
    private async Task<Staged> StageAsync(Stream file, UploadSource source, string hash, CancellationToken cancellationToken)
    {
        var revision = NewRevision(hash);
        var written = new HashSet<SliceKey>();
        var ticketKeys = new Dictionary<string, HashSet<UInt128>>(StringComparer.Ordinal);
        var rows = Channel.CreateBounded<TableEntity>(new BoundedChannelOptions(4 * SliceStore.BatchSize * SliceStore.Parallelism) { SingleWriter = true, SingleReader = true });
        var writer = slices.WriteAsync(rows.Reader.ReadAllAsync(cancellationToken), cancellationToken);
        _ = writer.ContinueWith(t => rows.Writer.TryComplete(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
        var reading = Task.Run(() => UploadReading.Inspect(file, source, context, record =>
        {
            var slice = new SliceKey(record.Kind, record.Period, record.StreetCode);
            written.Add(slice);
            var entity = RecordEntities.ToEntity(record, SliceStore.PartitionOf(slice, revision), source.File);
            if (record is TicketRecord)
            {
                Keys(ticketKeys, record.Period).Add(KeyDigest.Of(entity.RowKey));
            }

            if (!rows.Writer.TryWrite(entity))
            {
                rows.Writer.WriteAsync(entity, cancellationToken).AsTask().GetAwaiter().GetResult();
            }
        }), cancellationToken);
        UploadInspection inspection;
        try
        {
            try
            {
                inspection = await reading;
            }
            finally
            {
                rows.Writer.TryComplete();
            }

            await writer;
        }
        catch
        {
            // Surface the storage failure rather than the closed channel it caused; the staged rows are unreachable garbage.
            await IgnoreFailuresAsync(() => DeleteAsync(written, revision, CancellationToken.None));
            if (writer.IsFaulted)
            {
                await writer;
            }

            throw;
        }

        return new Staged(inspection, revision, written, ticketKeys);
    }

    private async Task<IngestOutcome> RejectAsync(UploadSource source, string hash, UploadInspection inspection, Stream? file, CancellationToken cancellationToken)
    {
        var receipt = Receipt.From(source.File, hash, inspection, clock.GetUtcNow());
        await WriteFindingsAsync(source.File, inspection.Findings, file, cancellationToken);
        await receipts.SaveAsync(receipt, source.FallbackPeriod, cancellationToken);
        logger.LogWarning("{File}: rejected with {Findings} finding(s)", source.File, receipt.Findings);
        return new IngestOutcome(receipt, false, inspection.Findings);
    }

    /// <summary>The findings beside the upload's path in results, and the file itself in quarantine.</summary>
    private async Task WriteFindingsAsync(string blobPath, IReadOnlyList<Finding> findings, Stream? file, CancellationToken cancellationToken)
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
    /// Switches the period's staged slices in with one conditional write of its manifest, merging tickets with the ones
    /// already stored first. When another upload switched the period meanwhile: a snapshot switches again as it is; a
    /// ticket merge whose base moved is staged afresh from the file and merged again.
    /// </summary>
    private async Task SwitchPeriodAsync(Stream file, UploadSource source, string hash, string period, Staged staged, CancellationToken cancellationToken)
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
            await DeleteAsync(switches.Keys, revision, cancellationToken);
            revision = NewRevision(hash);
            var again = revision;
            await slices.WriteAsync(
                UploadReading.Records(file, source, context)
                    .Where(r => r.Period == period)
                    .Select(r => RecordEntities.ToEntity(r, SliceStore.PartitionOf(new SliceKey(r.Kind, r.Period, r.StreetCode), again), source.File)),
                cancellationToken);
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

    private Task DeleteAsync(IEnumerable<SliceKey> written, string revision, CancellationToken cancellationToken) =>
        Task.WhenAll(written.Select(slice => slices.DeleteAsync(slice, revision, cancellationToken)));

    private static async Task IgnoreFailuresAsync(Func<Task> cleanup)
    {
        try
        {
            await cleanup();
        }
        catch (Exception)
        {
            // Best effort: the caller is already failing for a better reason.
        }
    }

    private string NewRevision(string hash) =>
        $"{clock.GetUtcNow():yyyyMMddHHmmssfff}-{hash[..8]}-{RandomNumberGenerator.GetHexString(4, lowercase: true)}";

    private static HashSet<UInt128> Keys(Dictionary<string, HashSet<UInt128>> byPeriod, string period) =>
        byPeriod.TryGetValue(period, out var keys) ? keys : byPeriod[period] = [];

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
