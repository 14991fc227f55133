using System.Text;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Adapters.Publish;
using Pipeline.Core.Divisions;
using Pipeline.Core.Report;
using Pipeline.Core.Summary;
using Pipeline.Core.SubmissionTemplates;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Publish;

public sealed class ReportWriterTests(StorageTestEnvironment storage)
{

    private static readonly string[] FileNames = ["index.html", "summary.json", "streets.csv", "communities.csv"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_report_of_each_period_is_written_with_its_headers_latest_mirrors_the_newest_and_the_index_lists_them()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2021, 1, 1, 17, 0, 0, TimeSpan.Zero));
        await using var harness = new PipelineHarness(storage, clock: clock);
        await harness.UploadAndProcessAsync("2020-11/清源街道.csv", Csv(RosterHeader, "清源街道,枣园社区,A,是,专业物业,业委会,是", "清源街道,枣园社区,B,否,无,无,否"));
        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Csv(RosterHeader, "清源街道,枣园社区,A,是,专业物业,业委会,是", "清源街道,兴盛社区,B,是,红色物业,物管会,是"));
        await harness.UploadAndProcessAsync("2020-12/诉求.csv", Csv(CountsHeader, "清源街道,枣园社区,10,9,9,8,7,1,1", "兴丰街道,\"=HYPERLINK(\"\"x\"\")\",5,5,5,5,5,0,0"));
        var writer = harness.Services.GetRequiredService<ReportWriter>();

        var december = await writer.WriteAsync("2020-12", Ct);
        var november = await writer.WriteAsync("2020-11", Ct);

        var web = harness.Storage.Web;
        Assert.Equal(web.GetBlobClient("reports/2020-12/index.html").Uri, december);
        Assert.Equal(web.GetBlobClient("reports/2020-11/index.html").Uri, november);
        var blobs = (await web.GetBlobsAsync(cancellationToken: Ct).ToListAsync(Ct)).ToDictionary(b => b.Name, b => b.Properties);
        var expected = new[] { "2020-11", "2020-12" }.SelectMany(p => FileNames.Select(n => ($"reports/{p}/{n}", "public, max-age=300")))
            .Concat(FileNames.Select(n => ($"reports/latest/{n}", "no-cache")))
            .Concat(new[] { "2020-11", "2020-12" }.SelectMany(p => new[] { ($"reports/{p}/status.json", "no-cache"), ($"reports/{p}/status.html", "no-cache") }))
            .Concat(new[] { "2020-11", "2020-12" }.SelectMany(p => new[] { ($"reports/{p}/trend.json", "public, max-age=300"), ($"reports/{p}/trend.html", "public, max-age=300") }))
            .Concat(new[] { "2020-11", "2020-12" }.Select(p => ($"reports/{p}/summary.v3.json", "public, max-age=300")))
            .Append(("reports/index.html", "no-cache"))
            .Append(("reports/assets/echarts.min.js", "public, max-age=31536000, immutable"))
            .Concat(Directory.GetFiles(RepositoryPaths.Combine("schemas"), "*.json").Select(f => ($"reports/schemas/{Path.GetFileName(f)}", "public, max-age=300")))
            .Concat(CatalogTemplate.Published(Pipeline.Core.Forms.FormCatalogs.Builtin, DivisionRegistry.Builtin("110115")!).Select(t => (t.PublishedPath, "no-cache")))
            .ToDictionary(x => x.Item1, x => x.Item2);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), blobs.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, properties) in blobs)
        {
            var type = Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".json" => "application/json; charset=utf-8",
                ".csv" => "text/csv; charset=utf-8",
                ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                _ => "application/javascript; charset=utf-8",
            };
            Assert.Equal((name, type, expected[name]), (name, properties.ContentType, properties.CacheControl));
        }

        var summary = await harness.Summaries.ReadAsync("2020-12", SummaryDocument.Monthly, Ct);
        Assert.Equal(SummaryJson.Serialize(summary), await ReadAsync(harness, "reports/2020-12/summary.json"));
        foreach (var name in FileNames)
        {
            Assert.Equal(await ReadAsync(harness, $"reports/2020-12/{name}"), await ReadAsync(harness, $"reports/latest/{name}"));
        }

        var index = Encoding.UTF8.GetString(await ReadAsync(harness, "reports/index.html"));
        var newer = index.IndexOf("href=\"2020-12/index.html\"", StringComparison.Ordinal);
        Assert.InRange(newer, 0, index.IndexOf("href=\"2020-11/index.html\"", StringComparison.Ordinal) - 1);
        Assert.Equal(await File.ReadAllBytesAsync(RepositoryPaths.Combine("node_modules", "echarts", "dist", "echarts.min.js"), Ct),
            await ReadAsync(harness, "reports/assets/echarts.min.js"));

        var communities = Encoding.UTF8.GetString(await ReadAsync(harness, "reports/2020-12/communities.csv"));
        Assert.Contains("110115003000,清源街道,,兴盛社区,1,1,1,", communities, StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\")\",", communities, StringComparison.Ordinal);
        var page = Encoding.UTF8.GetString(await ReadAsync(harness, "reports/2020-12/index.html"));
        Assert.Contains("兴盛社区", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invisible_and_direction_changing_characters_of_uploads_reach_no_published_file()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2021, 1, 1, 17, 0, 0, TimeSpan.Zero));
        await using var harness = new PipelineHarness(storage, clock: clock);
        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Csv(RosterHeader, "清源街道,\u202E兴盛社区\u2066,A\u200B,是,红色物业\uFEFF,物管会,是"));
        await harness.UploadAndProcessAsync("2020-12/诉求.csv", Csv(CountsHeader, "兴丰街道,\u202E新建社区\u200F,5,5,5,5,5,0,0"));
        await harness.UploadAndProcessAsync("110115003000/2020-12/台账\u202E有误.csv", Csv(RosterHeader, "清源街道,枣园社区,B,也许,专业物业,业委会,是"));

        await harness.Services.GetRequiredService<ReportWriter>().WriteAsync("2020-12", Ct);

        var published = await harness.Storage.Web.GetBlobsAsync(BlobTraits.None, BlobStates.None, "reports/2020-12/", Ct)
            .Concat(harness.Storage.Web.GetBlobsAsync(BlobTraits.None, BlobStates.None, FindingsPage.Folder + "/", Ct)).Select(b => b.Name).ToListAsync(Ct);
        Assert.Contains("reports/2020-12/communities.csv", published);
        Assert.Contains(FindingsPage.PathOf("110115003000/2020-12/台账\u202E有误.csv"), published);
        foreach (var name in published)
        {
            // A CSV for Excel starts with a byte order mark: that one is the file's, not its text's.
            var text = Encoding.UTF8.GetString(await ReadAsync(harness, name)).TrimStart('\uFEFF');
            Assert.False(text.Any(Pipeline.Core.Sheets.InvisibleCharacters.Is), $"{name} carries an invisible character");
            // Nor as HTML character references, which a browser turns back into the character. (JSON may escape them: it keeps
            // the real upload paths, which are identifiers, and "\u202E" reverses nothing.)
            Assert.DoesNotMatch(@"(?i)&#(x0*(61C|200[B-F]|202[A-E]|206[06-9]|FEFF)|0*(1564|82(0[3-7]|3[4-8]|88|9[4-7])|65279));", text);
        }

        // The status page shows the refused upload's name without the override; status.json keeps its real path, escaped.
        Assert.Contains("110115003000/<wbr>2020-<wbr>12/<wbr>台账有误.<wbr>csv", Encoding.UTF8.GetString(await ReadAsync(harness, "reports/2020-12/status.html")), StringComparison.Ordinal);
        Assert.Contains("110115003000/2020-12/台账\\u202E有误.csv", Encoding.UTF8.GetString(await ReadAsync(harness, "reports/2020-12/status.json")), StringComparison.Ordinal);
        var communities = Encoding.UTF8.GetString(await ReadAsync(harness, "reports/2020-12/communities.csv"));
        Assert.Contains(",兴盛社区,", communities, StringComparison.Ordinal);
        Assert.Contains(",新建社区,", communities, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_again_replaces_the_pages_but_keeps_the_unchanged_chart_library()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Csv(RosterHeader, "清源街道,枣园社区,A,是,专业物业,业委会,是"));
        var writer = harness.Services.GetRequiredService<ReportWriter>();
        await writer.WriteAsync("2020-12", Ct);
        var library = (await harness.Storage.Web.GetBlobClient("reports/assets/echarts.min.js").GetPropertiesAsync(cancellationToken: Ct)).Value.ETag;
        var page = (await harness.Storage.Web.GetBlobClient("reports/2020-12/index.html").GetPropertiesAsync(cancellationToken: Ct)).Value.ETag;

        await harness.UploadAndProcessAsync("2020-12/清源街道-更正.csv", Csv(RosterHeader, "清源街道,枣园社区,A,否,无,业委会,是"));
        await writer.WriteAsync("2020-12", Ct);

        Assert.Equal(library, (await harness.Storage.Web.GetBlobClient("reports/assets/echarts.min.js").GetPropertiesAsync(cancellationToken: Ct)).Value.ETag);
        Assert.NotEqual(page, (await harness.Storage.Web.GetBlobClient("reports/2020-12/index.html").GetPropertiesAsync(cancellationToken: Ct)).Value.ETag);
        var summary = SummaryJson.Deserialize(await ReadAsync(harness, "reports/latest/summary.json"));
        Assert.Equal(0.0, summary.District.Property!.PropertyServiceRate);
    }

    internal static async Task<byte[]> ReadAsync(PipelineHarness harness, string path) =>
        (await harness.Storage.Web.GetBlobClient(path).DownloadContentAsync(Ct)).Value.Content.ToArray();
}
