using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Divisions;
using Pipeline.Adapters.Forms;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Storage;
using Pipeline.Adapters.SubmissionTemplates;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Report;
using Pipeline.Core.Summary;
using Pipeline.Core.SubmissionTemplates;

namespace Pipeline.Adapters.Publish;

/// <summary>
/// Writes a period's report site to the static-website container: the period's page, trend page and files, the same
/// under <c>reports/latest/</c> when it is the newest period, the trend pages of the later periods that show it, the
/// index of periods, the summary's schemas, the chart library shipped with the app, and the submission templates the
/// index links.
/// </summary>
public sealed class ReportWriter(
    PipelineStorage storage, FiguresStore figures, SummaryReader summaries, SliceStore slices, OfficialVersions officials, TrendReader trends,
    CatalogStore catalogs, DivisionStore divisions)
{
    private const string ChartLibraryResource = "Pipeline.Adapters.Publish.echarts.min.js";

    private static readonly Lazy<byte[]> ChartLibrary = new(LoadChartLibrary);

    private readonly Lock _templatesGate = new();
    private readonly Dictionary<string, Task> _templates = [];

    /// <summary>Writes the report of <paramref name="period"/> (monthly figures) and returns the address of its page.</summary>
    public async Task<Uri> WriteAsync(string period, CancellationToken cancellationToken)
    {
        var (summary, v3) = await summaries.ReadVersionsAsync(period, SummaryDocument.Monthly, cancellationToken);
        return await WriteAsync(summary, v3, cancellationToken);
    }

    /// <summary>
    /// Writes the report of <paramref name="summary"/>, whose summary.json is then the very document published, and
    /// <paramref name="v3"/>, its v3 of the same revision, for the forms the catalog adds.
    /// </summary>
    public async Task<Uri> WriteAsync(SummaryDocument summary, FiguresSummary v3, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var period = summary.Period;
        var communities = await figures.ReadCommunitiesAsync(period, cancellationToken);
        var periods = (await slices.PeriodsAsync(cancellationToken)).Append(period).Distinct(StringComparer.Ordinal).ToList();
        var latest = periods.All(p => string.CompareOrdinal(p, period) <= 0);

        var closing = (await slices.ReadManifestAsync(period, cancellationToken)).Closing;
        var issued = await officials.ReadAsync(period, closing.OfficialVersion, cancellationToken);
        var trend = await trends.ReadAsync(period, cancellationToken);
        // The version the figures were read with values the page's figures and names the forms and indicators.
        var compiled = await catalogs.ForAsync(period, v3.Catalog.Version, cancellationToken);
        // The index links the templates of the newest period's forms, whichever period is written.
        var newestPeriod = periods.Max(StringComparer.Ordinal)!;
        var newest = (await catalogs.VersionsAsync(cancellationToken)).For(newestPeriod);
        // The divisions the period was read with (as it was closed, else as in force for it), and their changes from it.
        var registry = await divisions.ForAsync(period, closing.ClosedWithDivisions, cancellationToken);
        var divisionChanges = DivisionHistory.Of(registry).Changes().Where(c => c.Period == period).ToList();
        var files = ReportSite.Render(summary, communities, periods, latest, compiled, ChartLibrary.Value, closing, issued, trend, registry, v3, newest, divisionChanges).ToList();
        // Later periods' trends show this one: their trend pages follow (their summaries move on by themselves).
        foreach (var later in periods.Where(p => string.CompareOrdinal(p, period) > 0 && string.CompareOrdinal(p, Periods.Add(period, TrendDocument.Length - 1)) <= 0))
        {
            files.AddRange(ReportSite.TrendFiles(await trends.ReadAsync(later, cancellationToken), ChartLibrary.Value));
        }


        // The library and the schemas first and the index last, so no page is ever served before what it links to.
        static bool IsAsset(ReportFile f) => f.Path == ReportSite.ChartLibraryPath || f.Path.StartsWith(ReportSite.SchemasFolder + "/", StringComparison.Ordinal);
        await Task.WhenAll(files.Where(IsAsset).Select(f => UploadAssetAsync(f, cancellationToken))
            .Append(TemplatesAsync(newest, await divisions.ForAsync(newestPeriod, null, cancellationToken), cancellationToken)));
        var pages = files.Where(f => !IsAsset(f) && f.Path != ReportSite.IndexPath).ToList();
        await Task.WhenAll(pages.Where(f => !f.Path.StartsWith(ReportSite.LatestFolder + "/", StringComparison.Ordinal)).Select(f => UploadAsync(f, null, cancellationToken)));
        await Task.WhenAll(pages.Where(f => f.Path.StartsWith(ReportSite.LatestFolder + "/", StringComparison.Ordinal)).Select(f => UploadAsync(f, null, cancellationToken)));
        await UploadAsync(files.Single(f => f.Path == ReportSite.IndexPath), null, cancellationToken);

        return storage.Web.GetBlobClient(ReportSite.PagePath(period)).Uri;
    }

    /// <summary>The period's v3 summary beside its v2 <c>summary.json</c>: <c>reports/{period}/summary.v3.json</c>.</summary>
    public async Task WriteFiguresAsync(FiguresSummary figures, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        await UploadAsync(new ReportFile($"{ReportSite.PeriodFolder(figures.Period)}/{ReportSite.FiguresName}", SummaryJson.Serialize(figures), ReportHeaders.Json, ReportHeaders.PeriodCache), null, cancellationToken);
    }

    /// <summary>
    /// The submission templates of every form of the newest period's catalog version, what clerks fill in now: they
    /// depend on that version and on the divisions in force for the newest period, so they are checked once per
    /// instance, version and divisions (before the index that links them), each uploaded only when the stored copy
    /// differs. A report of an older period never puts an older version's templates back. A failed check is tried again.
    /// </summary>
    private Task TemplatesAsync(Core.Forms.FormCatalog newest, DivisionRegistry registry, CancellationToken cancellationToken)
    {
        var version = $"{newest.Version}\n{newest.EffectiveFrom}\n{DivisionVersions.NameOf(DivisionHistory.Of(registry))}\n{registry.Period}";
        lock (_templatesGate)
        {
            if (!_templates.TryGetValue(version, out var written) || written.IsFaulted || written.IsCanceled)
            {
                _templates[version] = written = WriteTemplatesAsync(newest, registry, cancellationToken);
            }

            return written;
        }
    }

    /// <summary>Every template of <paramref name="catalog"/>'s forms (blank, and one per street each), each written when its content changed.</summary>
    public async Task WriteTemplatesAsync(Core.Forms.FormCatalog catalog, DivisionRegistry registry, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        await Task.WhenAll(CatalogTemplate.Published(catalog, registry).Select(template => UploadAssetAsync(
            new ReportFile(template.PublishedPath, SubmissionTemplateWorkbook.Write(template), ReportHeaders.Xlsx, ReportHeaders.NoCache), cancellationToken)));
    }

    /// <summary>The library and the schemas change only with a new app version: each is uploaded when the stored copy differs.</summary>
    private async Task UploadAssetAsync(ReportFile file, CancellationToken cancellationToken)
    {
        var hash = MD5.HashData(file.Content);
        var blob = storage.Web.GetBlobClient(file.Path);
        try
        {
            var stored = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (stored.Value.ContentHash is { } storedHash && storedHash.AsSpan().SequenceEqual(hash)
                && stored.Value.ContentType == file.ContentType && stored.Value.CacheControl == file.CacheControl)
            {
                return;
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        await UploadAsync(file, hash, cancellationToken);
    }

    /// <summary>A file of a period's figures replaces only an older revision's, so a slower writer never puts old figures back.</summary>
    private async Task UploadAsync(ReportFile file, byte[]? md5, CancellationToken cancellationToken)
    {
        var blob = storage.Web.GetBlobClient(file.Path);
        var headers = new BlobHttpHeaders { ContentType = file.ContentType, CacheControl = file.CacheControl, ContentHash = md5 };
        if (file.Version is { } version)
        {
            await blob.TryUploadAsync(BinaryData.FromBytes(file.Content), headers, version, cancellationToken);
            return;
        }

        await blob.UploadAsync(BinaryData.FromBytes(file.Content), new BlobUploadOptions { HttpHeaders = headers }, cancellationToken);
    }

    private static byte[] LoadChartLibrary()
    {
        using var stream = typeof(ReportWriter).Assembly.GetManifestResourceStream(ChartLibraryResource)
            ?? throw new InvalidOperationException($"The chart library {ChartLibraryResource} is not embedded in {typeof(ReportWriter).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
