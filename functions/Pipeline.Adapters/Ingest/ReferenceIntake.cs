using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Ingest;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Ingest;

/// <summary>
/// The steps every reference-data upload shares (a form catalog version, a registry version): a redelivery finds its
/// receipt and changes nothing; the file is read within its size limit, at the ETag it was announced with, and hashed;
/// then it is accepted or refused with a receipt (and findings) like any upload, before it takes effect.
/// </summary>
public sealed class ReferenceIntake(PipelineStorage storage, ReceiptStore receipts, FindingsWriter findings, TimeProvider clock)
{
    /// <summary>The upload and its content, or the outcome it already has (its receipt, or a refusal for its size).</summary>
    public async Task<(Upload Upload, byte[] Content, string Hash, IngestOutcome? Done)> OpenAsync(
        string blobPath, bool force, long maxBytes, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var blob = storage.Uploads.GetBlobClient(blobPath);
        var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        var upload = new Upload(blobPath, properties.LastModified, properties.ETag.ToString().Trim('"'));
        if (await receipts.FindAsync(upload, null, cancellationToken) is { Status: not ReceiptStatus.Pending } existing && !force)
        {
            return (upload, [], "", new IngestOutcome(existing, Repeated: true, []));
        }

        if (properties.ContentLength > maxBytes)
        {
            return (upload, [], "", await RefuseAsync(upload, $"etag-{upload.ETag}", [FileFindings.TooLarge(blobPath, properties.ContentLength, maxBytes)], cancellationToken));
        }

        var content = (await blob.DownloadContentAsync(new BlobDownloadOptions
        {
            Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
        }, cancellationToken)).Value.Content.ToArray();
        return (upload, content, Convert.ToHexStringLower(SHA256.HashData(content)), null);
    }

    /// <summary>Accepted: the receipt names the periods it applies from and how many entries it holds.</summary>
    public async Task<IngestOutcome> AcceptAsync(Upload upload, string hash, IReadOnlyList<string> periods, int entries, CancellationToken cancellationToken)
    {
        var receipt = new Receipt(upload.File, hash, null, null, periods, [], entries, ReceiptStatus.Accepted, 0, clock.GetUtcNow()) { UploadedAt = upload.At };
        await receipts.SaveAsync(receipt, upload, null, cancellationToken);
        return new IngestOutcome(receipt, false, []);
    }

    /// <summary>Refused with <paramref name="problems"/>: a receipt, and the findings page the office reads.</summary>
    public async Task<IngestOutcome> RefuseAsync(Upload upload, string hash, IReadOnlyList<Finding> problems, CancellationToken cancellationToken)
    {
        var receipt = new Receipt(upload.File, hash, null, null, [], [], 0, ReceiptStatus.Rejected, problems.Count, clock.GetUtcNow()) { UploadedAt = upload.At };
        await findings.WriteAsync(upload.File, problems, file: null, cancellationToken);
        await receipts.SaveAsync(receipt, upload, null, cancellationToken);
        return new IngestOutcome(receipt, false, problems);
    }
}
