using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Adapters;

namespace Pipeline.Functions.Ingest;

/// <summary>
/// A spreadsheet landed in <c>uploads</c>: ingest it and recompute the figures it touched. Flex Consumption delivers
/// blob events through Event Grid. A bad file ends in a rejected receipt, not an exception; only transient failures
/// throw, so the host retries them.
/// </summary>
public sealed class IngestUpload(UploadProcessing processing)
{
    [Function(nameof(IngestUpload))]
    public Task RunAsync(
        [BlobTrigger("uploads/{name}", Source = BlobTriggerSource.EventGrid, Connection = "Storage")] BlobClient upload,
        string name,
        CancellationToken cancellationToken) =>
        processing.ProcessAsync(name, cancellationToken: cancellationToken);
}
