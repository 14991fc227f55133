using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Pipeline.Adapters.Concurrency;
using Pipeline.Adapters.Storage;
using Pipeline.Core;
using Pipeline.Core.Ingest;
using Pipeline.Core.Report;
using Pipeline.Core.Submissions;

namespace Pipeline.Adapters.Submissions;

/// <summary>Writes each period's submission ledger beside its report: <c>reports/{period}/status.json</c> and <c>status.html</c>.</summary>
public sealed class StatusWriter(PipelineStorage storage, SubmissionsReader submissions, IngestContext context, TimeProvider clock)
{
    private readonly Coalescer<PeriodSubmissions> _writes = new();

    public static string PathOf(string period) => $"{ReportSite.PeriodFolder(period)}/status.json";

    /// <summary>
    /// Writes the ledgers of <paramref name="periods"/> as they are now. Side by side requests in this process share
    /// one run per period that starts after they asked, so a burst of verdicts rewrites the page a few times, not once each.
    /// </summary>
    public async Task<IReadOnlyList<PeriodSubmissions>> WriteAsync(IReadOnlyList<string> periods, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var ledgers = new List<PeriodSubmissions>();
        foreach (var period in periods)
        {
            ledgers.Add(await _writes.RunAsync(period, () => WriteNowAsync(period, cancellationToken), cancellationToken));
        }

        return ledgers;
    }

    private async Task<PeriodSubmissions> WriteNowAsync(string period, CancellationToken cancellationToken)
    {
        var ledger = await submissions.ReadAsync(period, cancellationToken);
        var status = StatusDocument.From(ledger);
        var json = JsonSerializer.SerializeToUtf8Bytes(status, ReadableJson.Options);
        var page = Encoding.UTF8.GetBytes(StatusPage.Render(status, context.Registry.DistrictName, clock.GetUtcNow()));
        // The data first, then the page that links to it.
        await UploadAsync(PathOf(ledger.Period), json, ReportHeaders.Json, cancellationToken);
        await UploadAsync($"{ReportSite.PeriodFolder(ledger.Period)}/{StatusPage.Name}", page, ReportHeaders.Html, cancellationToken);
        return ledger;
    }

    private Task UploadAsync(string path, byte[] content, string contentType, CancellationToken cancellationToken) =>
        storage.Web.GetBlobClient(path).UploadAsync(BinaryData.FromBytes(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = ReportHeaders.NoCache } }, cancellationToken);
}
