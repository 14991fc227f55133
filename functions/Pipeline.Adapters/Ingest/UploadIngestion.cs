using System.Diagnostics;
using System.Security.Cryptography;
using System.Threading.Channels;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Divisions;
using Pipeline.Adapters.Forms;
using Pipeline.Adapters.Storage;
using Pipeline.Adapters.Telemetry;
using Pipeline.Core.Ingest;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Ingest;

/// <summary>
/// Ingests one upload: read → inspect → reject with a findings report, or write the rows under new revisions and
/// switch every period of the file in at once, where no later upload stated them already → receipt. Each upload (path
/// and ETag) has its own verdict; delivering it again changes nothing, and it is safe side by side with other uploads.
/// Deterministic problems end in a rejected receipt; transient storage failures are thrown for the host to retry.
/// </summary>
public sealed class UploadIngestion(
    PipelineStorage storage, RevisionStager stager, PeriodSwitcher switcher, FindingsWriter findings, PlausibilityWarnings plausibility,
    ReceiptStore receipts, CatalogStore catalogs, DivisionStore divisions, IngestContext context, TimeProvider clock, PipelineMetrics metrics, ILogger<UploadIngestion> logger)
{
    /// <param name="rowsRead">Told how many rows have been read, as a long file is staged; null in the functions app.</param>
    public async Task<IngestOutcome> IngestAsync(
        string blobPath, string? operatorPeriod = null, bool force = false, CancellationToken cancellationToken = default, IProgress<int>? rowsRead = null)
    {
        // Real elapsed time, not the clock the verdicts are dated by (tests move that one by hand).
        var started = Stopwatch.GetTimestamp();
        var outcome = await DecideAsync(blobPath, operatorPeriod, force, rowsRead, cancellationToken);
        if (!outcome.Repeated)
        {
            metrics.Verdict(outcome.Receipt, Stopwatch.GetElapsedTime(started));
        }

        return outcome;
    }

    private async Task<IngestOutcome> DecideAsync(string blobPath, string? operatorPeriod, bool force, IProgress<int>? rowsRead, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var source = UploadSource.ForBlob(blobPath, operatorPeriod);
        var rules = context.AsOf(clock.GetUtcNow());
        // The forms a sheet may be are those of the catalog in force for the upload's month (its folder's, else this one);
        // its streets and communities those in force then (a row of another month is read with that month's).
        var month = source.FallbackPeriod ?? Periods.Of(clock.GetUtcNow());
        rules = rules with
        {
            Catalog = await catalogs.ForAsync(month, null, cancellationToken),
            Registry = await divisions.ForAsync(month, null, cancellationToken),
        };
        var blob = storage.Uploads.GetBlobClient(blobPath);
        var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        var upload = new Upload(blobPath, properties.LastModified, properties.ETag.ToString().Trim('"'));
        var existing = await receipts.FindAsync(upload, source.FallbackPeriod, cancellationToken);
        if (existing is { Status: not ReceiptStatus.Pending } && !force)
        {
            logger.LogInformation("{File}: this upload was already {Status}; nothing to do", blobPath, existing.Status);
            return new IngestOutcome(existing, Repeated: true, []);
        }

        if (properties.ContentLength > rules.Limits.MaxFileBytes)
        {
            // Refused unread: the blob's ETag stands in for its content hash.
            var tooLarge = new UploadInspection(null, null, 0, [FileFindings.TooLarge(blobPath, properties.ContentLength, rules.Limits.MaxFileBytes)], []);
            return await RejectAsync(source, upload, $"etag-{upload.ETag}", tooLarge, file: null, cancellationToken);
        }

        await using var content = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        // Exactly the upload whose time orders it: a newer upload to the same name fails this, and has its own event.
        await blob.DownloadToAsync(content, new BlobDownloadToOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellationToken);
        content.Position = 0;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
        var file = new UploadFile(content, source, upload, hash, rules);
        var staged = await stager.StageAsync(file, cancellationToken, rowsRead);
        if (!staged.Inspection.Accepted)
        {
            await stager.DeleteAsync(staged.Written, staged.Revision, cancellationToken);
            return await RejectAsync(source, upload, hash, staged.Inspection, content, cancellationToken);
        }

        // Warnings never reject: the file is applied, and its findings report lists them for the clerk to check.
        var warnings = await plausibility.CheckAsync(staged.Inspection, blobPath, rules, cancellationToken);
        if (warnings.Count > 0)
        {
            staged = staged with { Inspection = staged.Inspection with { Findings = [.. staged.Inspection.Findings, .. warnings] } };
        }

        var reported = staged.Inspection.Findings.Where(f => f.Severity == FindingSeverity.Warning).ToList();
        if (reported.Count > 0)
        {
            await findings.WriteAsync(blobPath, reported, file: null, cancellationToken);
        }

        var receipt = Receipt.From(blobPath, hash, staged.Inspection, clock.GetUtcNow()) with { UploadedAt = upload.At, Warnings = reported.Count };
        await receipts.SaveAsync(receipt, upload, source.FallbackPeriod, cancellationToken);
        var folders = UploadFolders.Of(blobPath, rules.Registry, rules.Rules);
        SwitchResult switched;
        try
        {
            switched = await switcher.SwitchAsync(file, staged, folders, cancellationToken);
        }
        catch (SpreadsheetRejectedException refused)
        {
            // A ticket merge may read the file again, under a budget of its own; over it, the file is rejected like one
            // the first read refused (the switch left nothing staged), not thrown for the host to retry into a poison blob.
            return await RejectAsync(source, upload, hash, staged.Inspection.RefusedOnReread(refused.Finding), content, cancellationToken);
        }

        if (switched.Closed.Count > 0)
        {
            // Kept in quarantine with its receipt: once the period is reopened, replay applies it in upload order.
            var closed = staged.Inspection with { Findings = [.. switched.Closed.Select(c => FileFindings.PeriodClosed(blobPath, c.Period, c.Close))] };
            return await RejectAsync(source, upload, hash, closed, content, cancellationToken);
        }

        receipt = receipt with
        {
            Status = switched.AnythingApplied ? ReceiptStatus.Accepted : ReceiptStatus.Superseded,
            Slices = switched.Switched,
            Superseded = switched.Superseded,
            At = clock.GetUtcNow(),
        };
        await receipts.SaveAsync(receipt, upload, source.FallbackPeriod, cancellationToken);
        logger.LogInformation("{File}: {Status}: {Rows} row(s) of {Kind} for {Slices} slice(s), {Superseded} part(s) superseded by later uploads{Forced}",
            blobPath, receipt.Status, receipt.Rows, receipt.Form, receipt.Slices.Count, receipt.Superseded.Count, force ? " (replayed)" : "");
        return new IngestOutcome(receipt, false, staged.Inspection.Findings);
    }

    private async Task<IngestOutcome> RejectAsync(UploadSource source, Upload upload, string hash, UploadInspection inspection, Stream? file, CancellationToken cancellationToken)
    {
        var receipt = Receipt.From(source.File, hash, inspection, clock.GetUtcNow()) with
        {
            UploadedAt = upload.At,
            RefusedClosed = inspection.Findings.Count > 0 && inspection.Findings.All(f => f.Code == FileFindings.PeriodClosedCode),
        };
        await findings.WriteAsync(source.File, inspection.Findings, file, cancellationToken);
        await receipts.SaveAsync(receipt, upload, source.FallbackPeriod, cancellationToken);
        logger.LogWarning("{File}: rejected with {Findings} finding(s)", source.File, receipt.Findings);
        return new IngestOutcome(receipt, false, inspection.Findings);
    }
}
