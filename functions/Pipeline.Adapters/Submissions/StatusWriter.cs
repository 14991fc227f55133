using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Pipeline.Adapters.Storage;
using Pipeline.Core;
using Pipeline.Core.Submissions;

namespace Pipeline.Adapters.Submissions;

/// <summary>Writes each period's submission ledger beside its report: <c>reports/{period}/status.json</c>.</summary>
public sealed class StatusWriter(PipelineStorage storage, SubmissionsReader submissions)
{
    public static string PathOf(string period) => $"reports/{period}/status.json";

    public async Task<IReadOnlyList<PeriodSubmissions>> WriteAsync(IReadOnlyList<string> periods, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var ledgers = await submissions.ReadAsync(periods, cancellationToken);
        foreach (var ledger in ledgers)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(StatusDocument.From(ledger), ReadableJson.Options);
            await storage.Web.GetBlobClient(PathOf(ledger.Period)).UploadAsync(BinaryData.FromBytes(json),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8", CacheControl = "no-cache" } },
                cancellationToken);
        }

        return ledgers;
    }
}
