using Pipeline.Core.Closing;
using Pipeline.Core.Divisions;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Core.Figures;
using Pipeline.Core.Summary;
using Pipeline.Core.Model;

namespace Pipeline.Core.Report;

/// <summary>
/// The static report site, rendered from a period's summary and community figures: per period an HTML page, the
/// summary document, and CSV files of streets and communities; the same under <c>reports/latest/</c> for the newest
/// period; an index of every period; and the chart library. Pure: the same input gives the same bytes.
/// </summary>
public static partial class ReportSite
{
    public const string IndexPath = "reports/index.html";
    public const string LatestFolder = "reports/latest";
    /// <summary>Inside <c>reports/</c> like everything else, so whatever serves the report serves one folder.</summary>
    public const string ChartLibraryPath = "reports/assets/echarts.min.js";

    public const string PageName = "index.html";
    public const string SummaryName = "summary.json";

    /// <summary>The period's <c>governance-summary/v3</c>, beside its v2 summary.json.</summary>
    public const string FiguresName = "summary.v3.json";
    public const string StreetsName = "streets.csv";
    public const string CommunitiesName = "communities.csv";
    public const string GroupsName = "groups.csv";

    public static string PeriodFolder(string period) => $"reports/{CheckPeriod(period)}";

    public static string PagePath(string period) => $"{PeriodFolder(period)}/{PageName}";

    /// <summary>
    /// Every file of the site for <paramref name="summary"/>'s period. <paramref name="periods"/> are the periods the
    /// index lists (the summary's own is always listed); <paramref name="latest"/> says whether this period is the newest,
    /// so its files are also written under <c>reports/latest/</c>; <paramref name="chartLibrary"/> is echarts.min.js;
    /// <paramref name="closing"/> and <paramref name="officials"/> (the summaries its closes issued) give the version history;
    /// with <paramref name="trend"/> the period's trend page and trend.json are written too; with <paramref name="registry"/>
    /// the index links the submission templates the report publishes for it; <paramref name="figures"/> is the period's
    /// v3 summary, read with <paramref name="catalog"/>, the catalog version that values every figure: the page names the catalog version, and shows the forms it adds
    /// in tables of their own, each with a CSV; the index links the templates of the forms <paramref name="newestCatalog"/>
    /// (the newest period's) adds.
    /// </summary>
    public static IReadOnlyList<ReportFile> Render(
        SummaryDocument summary,
        IReadOnlyList<CommunityFigures> communities,
        IReadOnlyList<string> periods,
        bool latest,
        Forms.CompiledCatalog catalog,
        ReadOnlySpan<byte> chartLibrary,
        PeriodClosing? closing = null,
        IReadOnlyList<SummaryDocument>? officials = null,
        TrendDocument? trend = null,
        DivisionRegistry? registry = null,
        FiguresSummary? figures = null,
        Forms.FormCatalog? newestCatalog = null,
        IReadOnlyList<Divisions.DivisionChange>? divisionChanges = null)
    {
        var folder = PeriodFolder(summary.Period);
        var library = LibraryAddress(chartLibrary);
        var history = ReportHistory.Build(closing ?? PeriodClosing.None, officials ?? []);
        var forms = figures is null ? [] : CatalogFormTables.Of(figures, catalog.Catalog);
        var page = Utf8(ReportPage.Render(summary, communities, catalog, library, history, forms, figures, divisionChanges));
        var json = SummaryJson.Serialize(summary);
        var streets = ReportCsv.Streets(summary);
        var communityCsv = ReportCsv.Communities(summary, communities, catalog);

        var files = new List<ReportFile>();

        var version = ReportFile.VersionOf(summary.Period, summary.Revision);
        files.AddRange(PeriodFiles(folder, page, json, streets, communityCsv, ReportHeaders.PeriodCache, version));
        if (latest)
        {
            files.AddRange(PeriodFiles(LatestFolder, page, json, streets, communityCsv, ReportHeaders.NoCache, version));
        }

        foreach (var form in forms)
        {
            files.Add(new ReportFile($"{folder}/{form.CsvName}", form.Csv, ReportHeaders.Csv, ReportHeaders.PeriodCache, version));
            if (latest)
            {
                files.Add(new ReportFile($"{LatestFolder}/{form.CsvName}", form.Csv, ReportHeaders.Csv, ReportHeaders.NoCache, version));
            }
        }

        // Only a registry with groups has them: the page links groups.csv then, in both folders.
        if (summary.Groups.Count > 0)
        {
            var groups = ReportCsv.Groups(summary);
            files.Add(new ReportFile($"{folder}/{GroupsName}", groups, ReportHeaders.Csv, ReportHeaders.PeriodCache, version));
            if (latest)
            {
                files.Add(new ReportFile($"{LatestFolder}/{GroupsName}", groups, ReportHeaders.Csv, ReportHeaders.NoCache, version));
            }
        }

        var listed = periods.Append(summary.Period).Select(CheckPeriod).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Reverse().ToList();
        files.Add(new ReportFile(IndexPath, Utf8(ReportIndex.Render(summary.District.Name, listed, registry, newestCatalog)), ReportHeaders.Html, ReportHeaders.NoCache));
        files.Add(new ReportFile(ChartLibraryPath, chartLibrary.ToArray(), ReportHeaders.JavaScript, ReportHeaders.AssetCache));
        files.AddRange(Schemas.Value);
        if (trend is not null)
        {
            files.AddRange(TrendFiles(trend, chartLibrary));
        }

        return files;
    }

    /// <summary>A period's trend page and its data; written with the period, and again when an earlier period changes.</summary>
    public static IReadOnlyList<ReportFile> TrendFiles(TrendDocument trend, ReadOnlySpan<byte> chartLibrary)
    {
        var folder = PeriodFolder(trend.Period);
        return
        [
            new($"{folder}/{TrendPage.DataName}", JsonSerializer.SerializeToUtf8Bytes(trend, ReadableJson.Options), ReportHeaders.Json, ReportHeaders.PeriodCache),
            new($"{folder}/{TrendPage.Name}", Utf8(TrendPage.Render(trend, LibraryAddress(chartLibrary))), ReportHeaders.Html, ReportHeaders.PeriodCache),
        ];
    }

    // Pages sit one folder below reports/. A new library version is a new address, so the year-long cache never serves a stale one.
    private static string LibraryAddress(ReadOnlySpan<byte> chartLibrary) =>
        $"../{ChartLibraryPath["reports/".Length..]}?v={Convert.ToHexStringLower(SHA256.HashData(chartLibrary))[..16]}";

    /// <summary>Where the summary's schemas are published, every version: <c>reports/schemas/governance-summary.v2.json</c>.</summary>
    public const string SchemasFolder = "reports/schemas";

    private static readonly Lazy<IReadOnlyList<ReportFile>> Schemas = new(() =>
    [
        .. typeof(ReportSite).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Pipeline.Core.Report.Schemas.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = typeof(ReportSite).Assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return new ReportFile($"{SchemasFolder}/{n["Pipeline.Core.Report.Schemas.".Length..]}", copy.ToArray(), ReportHeaders.Json, ReportHeaders.PeriodCache);
            }),
    ]);

    /// <summary>What the pages allow: their own inline script (by hash) and scripts of their own site, nothing else.</summary>
    internal static string ContentSecurityPolicy(string? scriptHash) =>
        $"default-src 'none'; script-src 'self'{(scriptHash is null ? "" : " " + scriptHash)}; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

    private static IEnumerable<ReportFile> PeriodFiles(string folder, byte[] page, byte[] json, byte[] streets, byte[] communities, string cache, string version) =>
    [
        new($"{folder}/{PageName}", page, ReportHeaders.Html, cache, version),
        new($"{folder}/{SummaryName}", json, ReportHeaders.Json, cache, version),
        new($"{folder}/{StreetsName}", streets, ReportHeaders.Csv, cache, version),
        new($"{folder}/{CommunitiesName}", communities, ReportHeaders.Csv, cache, version),
    ];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Periods become paths and links: only yyyy-MM is accepted.</summary>
    private static string CheckPeriod(string period) =>
        Periods.IsValid(period) ? period : throw new ArgumentException($"Period '{period}' is not a month (yyyy-MM).", nameof(period));
}
