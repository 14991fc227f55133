using Azure;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Pipeline.Adapters;

namespace Pipeline.Functions.Ingest;

/// <summary>
/// A spreadsheet landed in <c>uploads</c>: ingest it and recompute and publish the figures it touched. Flex
/// Consumption delivers blob events through Event Grid. A bad file ends in a rejected receipt, not an exception; only
/// transient failures throw, so the host retries them. A blob deleted before its event arrived leaves nothing to do.
/// </summary>
public sealed class IngestUpload(UploadProcessing processing, ILogger<IngestUpload> logger)
{
    [Function(nameof(IngestUpload))]
    public async Task RunAsync(
        [BlobTrigger("uploads/{name}", Source = BlobTriggerSource.EventGrid, Connection = "Storage")] BlobClient upload,
        string name,
        CancellationToken cancellationToken)
    {
        try
        {
            await processing.ProcessAsync(name, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            if (await upload.ExistsAsync(cancellationToken))
            {
                throw; // something else is missing: let the host retry and report it
            }

            logger.LogWarning("Upload {Name} was deleted before it could be read; nothing to ingest", name);
        }
    }
}
