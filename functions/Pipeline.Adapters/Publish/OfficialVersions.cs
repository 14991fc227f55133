using Azure.Storage.Blobs.Models;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Closing;
using Pipeline.Core.Summary;

namespace Pipeline.Adapters.Publish;

/// <summary>
/// The summary each close issued, kept as it was published (<c>official/{period}/v{N}.json</c> in the summaries
/// container), so the report can say what changed between official versions long after the figures moved on.
/// </summary>
public sealed class OfficialVersions(PipelineStorage storage)
{
    public async Task SaveAsync(SummaryDocument official, CancellationToken cancellationToken)
    {
        if (official.Publication is not { Status: Publication.Official, OfficialVersion: { } version })
        {
            throw new ArgumentException($"The summary of {official.Period} r{official.Revision} is not an official version.", nameof(official));
        }

        await storage.Summaries.GetBlobClient(PathOf(official.Period, version)).UploadAsync(BinaryData.FromBytes(SummaryJson.Serialize(official)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } }, cancellationToken);
    }

    /// <summary>The official versions of <paramref name="period"/> kept so far, by version.</summary>
    public async Task<IReadOnlyList<SummaryDocument>> ReadAsync(string period, int versions, CancellationToken cancellationToken)
    {
        var documents = new List<SummaryDocument>();
        for (var version = 1; version <= versions; version++)
        {
            var blob = storage.Summaries.GetBlobClient(PathOf(period, version));
            if ((await blob.ExistsAsync(cancellationToken)).Value)
            {
                documents.Add(SummaryJson.Deserialize((await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray()));
            }
        }

        return documents;
    }

    private static string PathOf(string period, int version) => $"official/{period}/v{version}.json";
}
