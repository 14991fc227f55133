using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Adapters.Ingest;

namespace Pipeline.Functions.Ingest;

/// <summary>
/// A spreadsheet landed in <c>uploads</c>: ingest it. Flex Consumption delivers blob events through Event Grid. A bad
/// file ends in a rejected receipt, not an exception; only transient failures throw, so the host retries them.
/// </summary>
public sealed class IngestUpload(UploadIngestion ingestion)
{
    [Function(nameof(IngestUpload))]
    public Task RunAsync(
        [BlobTrigger("uploads/{name}", Source = BlobTriggerSource.EventGrid, Connection = "Storage")] BlobClient upload,
        string name,
        CancellationToken cancellationToken) =>
        ingestion.IngestAsync(name, cancellationToken: cancellationToken);
}
