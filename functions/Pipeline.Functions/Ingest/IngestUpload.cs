using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Pipeline.Functions.Ingest;

/// <summary>A spreadsheet landed in <c>uploads</c>: ingest it. Flex Consumption delivers blob events through Event Grid.</summary>
public sealed class IngestUpload(ILogger<IngestUpload> logger)
{
    [Function(nameof(IngestUpload))]
    public async Task RunAsync(
        [BlobTrigger("uploads/{name}", Source = BlobTriggerSource.EventGrid, Connection = "Storage")] BlobClient upload,
        string name,
        CancellationToken cancellationToken)
    {
        var properties = await upload.GetPropertiesAsync(cancellationToken: cancellationToken);
        logger.LogInformation("Upload {Name} arrived: {Bytes} bytes", name, properties.Value.ContentLength);
    }
}
