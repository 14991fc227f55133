using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Storage;
using Pipeline.Adapters.Forms;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Ingest;

/// <summary>
/// A catalog version the district office uploaded to its <c>forms/</c> folder: read within its size limit, checked
/// whole, checked against the versions before it, then kept; accepted or refused with a receipt and findings like any
/// upload, before it takes effect. Delivered again, it finds its receipt and changes nothing.
/// </summary>
public sealed class CatalogIntake(PipelineStorage storage, CatalogStore catalogs, ReceiptStore receipts, FindingsWriter findings, TimeProvider clock, ILogger<CatalogIntake> logger)
{
    public async Task<IngestOutcome> IngestAsync(string blobPath, bool force, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var blob = storage.Uploads.GetBlobClient(blobPath);
        var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        var upload = new Upload(blobPath, properties.LastModified, properties.ETag.ToString().Trim('"'));
        if (await receipts.FindAsync(upload, null, cancellationToken) is { Status: not ReceiptStatus.Pending } existing && !force)
        {
            return new IngestOutcome(existing, Repeated: true, []);
        }

        if (properties.ContentLength > FormCatalogFile.MaxBytes)
        {
            return await RejectAsync(upload, $"etag-{upload.ETag}", [FileFindings.TooLarge(blobPath, properties.ContentLength, FormCatalogFile.MaxBytes)], cancellationToken);
        }

        var content = (await blob.DownloadContentAsync(new Azure.Storage.Blobs.Models.BlobDownloadOptions
        {
            Conditions = new Azure.Storage.Blobs.Models.BlobRequestConditions { IfMatch = properties.ETag },
        }, cancellationToken)).Value.Content.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var (catalog, problems) = FormCatalogFile.Read(content, Path.GetFileName(blobPath));
        if (catalog is null)
        {
            return await RejectAsync(upload, hash, [.. problems.Select(p => FileFindings.CatalogProblem(blobPath, p.Form, p.Field, p.Message))], cancellationToken);
        }

        var published = new PublishedCatalog(catalog, blobPath, upload.At, hash);
        if ((await catalogs.VersionsAsync(cancellationToken)).Refusal(published) is { } why)
        {
            return await RejectAsync(upload, hash, [FileFindings.CatalogVersionTaken(blobPath, why)], cancellationToken);
        }

        await catalogs.SaveAsync(published, content, cancellationToken);
        var receipt = new Receipt(blobPath, hash, null, null, [catalog.EffectiveFrom], [], catalog.Forms.Count, ReceiptStatus.Accepted, 0, clock.GetUtcNow())
        {
            UploadedAt = upload.At,
        };
        await receipts.SaveAsync(receipt, upload, null, cancellationToken);
        logger.LogInformation("{File}: form catalog version {Version} accepted, in force from {Period}", blobPath, catalog.Version, catalog.EffectiveFrom);
        return new IngestOutcome(receipt, false, []);
    }

    private async Task<IngestOutcome> RejectAsync(Upload upload, string hash, IReadOnlyList<Finding> problems, CancellationToken cancellationToken)
    {
        var receipt = new Receipt(upload.File, hash, null, null, [], [], 0, ReceiptStatus.Rejected, problems.Count, clock.GetUtcNow()) { UploadedAt = upload.At };
        await findings.WriteAsync(upload.File, problems, file: null, cancellationToken);
        await receipts.SaveAsync(receipt, upload, null, cancellationToken);
        logger.LogWarning("{File}: form catalog refused with {Findings} problem(s)", upload.File, problems.Count);
        return new IngestOutcome(receipt, false, problems);
    }
}
