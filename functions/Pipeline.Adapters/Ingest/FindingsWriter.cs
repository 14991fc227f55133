using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Ingest;

/// <summary>A rejected upload's verdict for the clerk: the findings beside its path in results, the file in quarantine.</summary>
public sealed class FindingsWriter(PipelineStorage storage)
{
    public async Task WriteAsync(string blobPath, IReadOnlyList<Finding> findings, Stream? file, CancellationToken cancellationToken)
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
}
