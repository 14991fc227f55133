using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Ingest;
using Pipeline.Core.Report;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Ingest;

/// <summary>
/// A file's findings for the clerk, a rejected file's or an accepted one's warnings: CSV and JSON beside its path in
/// results, and a page in the report (<see cref="FindingsPage"/>) that the status page links to, served to district staff
/// with the report's sign-in. A rejected file itself goes to quarantine.
/// </summary>
public sealed class FindingsWriter(PipelineStorage storage, IngestContext context, TimeProvider clock)
{
    public async Task WriteAsync(string blobPath, IReadOnlyList<Finding> findings, Stream? file, CancellationToken cancellationToken)
    {
        var page = FindingsPage.Render(blobPath, findings, context.Registry.DistrictName, clock.GetUtcNow());
        await Task.WhenAll(
            Upload(storage.Results.GetBlobClient($"{blobPath}.findings.csv"), BinaryData.FromBytes(FindingsReport.ToCsv(findings)), ReportHeaders.Csv, null, cancellationToken),
            Upload(storage.Results.GetBlobClient($"{blobPath}.findings.json"), BinaryData.FromBytes(FindingsReport.ToJson(findings)), ReportHeaders.Json, null, cancellationToken),
            // A new upload to the same path replaces the page: never cached, like the status page that links it.
            Upload(storage.Web.GetBlobClient(FindingsPage.PathOf(blobPath)), BinaryData.FromBytes(Encoding.UTF8.GetBytes(page)), ReportHeaders.Html, ReportHeaders.NoCache, cancellationToken));
        if (file is not null)
        {
            file.Position = 0;
            await storage.Quarantine.GetBlobClient(blobPath).UploadAsync(file, overwrite: true, cancellationToken);
        }
    }

    private static Task Upload(BlobClient blob, BinaryData content, string contentType, string? cacheControl, CancellationToken cancellationToken) =>
        blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = cacheControl } }, cancellationToken);
}
