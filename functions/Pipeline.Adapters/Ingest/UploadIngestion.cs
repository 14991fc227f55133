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
    PipelineStorage storage, RevisionStager stager, PeriodSwitcher switcher, FindingsWriter findings, ReceiptStore receipts,
    IngestContext context, TimeProvider clock, ILogger<UploadIngestion> logger)
{
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

        var staged = await stager.StageAsync(file, source, hash, cancellationToken);
        if (!staged.Inspection.Accepted)
        {
            await stager.DeleteAsync(staged.Written, staged.Revision, cancellationToken);
            return await RejectAsync(source, hash, staged.Inspection, file, cancellationToken);
        }

        var receipt = Receipt.From(blobPath, hash, staged.Inspection, clock.GetUtcNow());
        await receipts.SaveAsync(receipt, source.FallbackPeriod, cancellationToken);
        foreach (var period in staged.Inspection.Periods)
        {
            await switcher.SwitchPeriodAsync(file, source, hash, period, staged, cancellationToken);
        }

        receipt = receipt with { Status = ReceiptStatus.Accepted, At = clock.GetUtcNow() };
        await receipts.SaveAsync(receipt, source.FallbackPeriod, cancellationToken);
        logger.LogInformation("{File}: accepted {Rows} row(s) of {Kind} for {Slices} slice(s){Forced}",
            blobPath, receipt.Rows, receipt.Kind, receipt.Slices.Count, force ? " (replayed)" : "");
        return new IngestOutcome(receipt, false, staged.Inspection.Findings);
    }

    private async Task<IngestOutcome> RejectAsync(UploadSource source, string hash, UploadInspection inspection, Stream? file, CancellationToken cancellationToken)
    {
        var receipt = Receipt.From(source.File, hash, inspection, clock.GetUtcNow());
        await findings.WriteAsync(source.File, inspection.Findings, file, cancellationToken);
        await receipts.SaveAsync(receipt, source.FallbackPeriod, cancellationToken);
        logger.LogWarning("{File}: rejected with {Findings} finding(s)", source.File, receipt.Findings);
        return new IngestOutcome(receipt, false, inspection.Findings);
    }

}
