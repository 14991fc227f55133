using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Closing;
using Pipeline.Core.Figures;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Summary;
using Pipeline.IntegrationTests.Cli;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Forms;

/// <summary>
/// A catalog version published by the district office, against Azurite: uploaded to its forms/ folder, checked and
/// given a receipt before it takes effect; the open periods from its first one on are read with it, earlier and closed
/// periods keep theirs; a bad catalog or a reused version number is refused with findings; a redelivery changes nothing.
/// </summary>
public sealed class CatalogPublishingTests(StorageTestEnvironment storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The built-in catalog as version 2021.1 from 2021-01, with a resolution target the streets miss.</summary>
    private static byte[] Version2021(double resolutionTarget = 0.99)
    {
        var catalog = JsonNode.Parse(FormCatalogFile.Write(FormCatalogs.Builtin))!.AsObject();
        catalog["version"] = "2021.1";
        catalog["effectiveFrom"] = "2021-01";
        catalog["indicators"]!.AsArray().Single(i => (string?)i!["code"] == Indicators.ResolutionRate)!["target"] = resolutionTarget;
        return Encoding.UTF8.GetBytes(catalog.ToJsonString());
    }

    private static async Task<FiguresSummary> FiguresAsync(PipelineHarness harness, string period) =>
        SummaryJson.DeserializeFigures(await Publish.ReportWriterTests.ReadAsync(harness, $"reports/{period}/summary.v3.json"));

    private static byte[] Counts(string street, long resolved) =>
        Csv("街道,社区,受理量,有效回访,已联系,已解决,满意,基本满意,不满意", $"{street},枣园社区,10,10,10,{resolved},8,1,1");

    [Fact]
    public async Task A_published_version_applies_to_open_periods_from_its_first_on_and_closed_ones_keep_theirs()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndProcessAsync("2020-11/清源街道.csv", Counts("清源街道", 9));
        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Counts("清源街道", 9));
        await harness.UploadAndProcessAsync("2021-01/清源街道.csv", Counts("清源街道", 9));
        await harness.UploadAndProcessAsync("2021-02/清源街道.csv", Counts("清源街道", 9));
        await harness.Services.GetRequiredService<PeriodCloser>().CloseAsync("2021-02", "二月通报", Ct);

        var published = await harness.UploadAndProcessAsync("110115/forms/forms-2021.json", Version2021());

        Assert.Equal((ReceiptStatus.Accepted, null, 3), (published.Ingest.Receipt.Status, published.Ingest.Receipt.Form, published.Ingest.Receipt.Rows));
        Assert.Equal(["2021-01"], published.Periods.Select(p => p.Period));
        var january = await FiguresAsync(harness, "2021-01");
        Assert.Equal("2021.1", january.Catalog.Version);
        Assert.Equal(0.99, january.District.Indicators[Indicators.ResolutionRate].Target);
        Assert.Contains(january.District.Alerts, a => a.Indicator == Indicators.ResolutionRate);
        Assert.Equal("1", (await FiguresAsync(harness, "2020-12")).Catalog.Version); // before the version's first period
        Assert.Equal("1", (await FiguresAsync(harness, "2021-02")).Catalog.Version); // closed with version 1, and keeps it
        // The period's page says which version its figures were read with.
        Assert.Contains("表单目录 Form catalog <span id=\"catalog\">2021.1（2021-01 起 from 2021-01）</span>",
            Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-01/index.html")), StringComparison.Ordinal);
        Assert.Contains("<span id=\"catalog\">1（2000-01 起 from 2000-01）</span>",
            Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-02/index.html")), StringComparison.Ordinal);

        // Reopened and closed again, February is read with the version in force for it now.
        await harness.Services.GetRequiredService<PeriodCloser>().ReopenAsync("2021-02", "补报", Ct);
        await harness.Services.GetRequiredService<PeriodCloser>().CloseAsync("2021-02", null, Ct);
        Assert.Equal("2021.1", (await FiguresAsync(harness, "2021-02")).Catalog.Version);
        Assert.Equal("2021.1", (await harness.Slices.ReadManifestAsync("2021-02", Ct)).Closing.LastClose!.Catalog);

        // Delivered again: its receipt stands, nothing changes.
        var again = await harness.Processing.ProcessAsync("110115/forms/forms-2021.json", cancellationToken: Ct);
        Assert.True(again.Ingest.Repeated);
    }

    [Fact]
    public async Task A_bad_catalog_or_a_reused_version_number_is_refused_with_findings_and_changes_nothing()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndProcessAsync("2021-01/清源街道.csv", Counts("清源街道", 9));
        var broken = Encoding.UTF8.GetString(Version2021()).Replace("\"count(has_property_service)\"", "\"count(has_service)\"", StringComparison.Ordinal);

        var refused = await harness.UploadAndProcessAsync("110115/forms/forms-broken.json", Encoding.UTF8.GetBytes(broken));
        await harness.UploadAndProcessAsync("110115/forms/forms-2021.json", Version2021());
        var reused = await harness.UploadAndProcessAsync("110115/forms/forms-2021-b.json", Version2021(resolutionTarget: 0.5));
        var environment = harness.Environment();
        var file = await TempFileAsync("forms-2021-c.json", Version2021(resolutionTarget: 0.6));
        var cli = await CliProcess.RunAsync(environment, "forms", "publish", file);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);

        Assert.Equal(ReceiptStatus.Rejected, refused.Ingest.Receipt.Status);
        var finding = Assert.Single(refused.Ingest.Findings);
        Assert.Equal(("catalog.invalid", "CompoundRoster", "measures[1] (with_property_service).expression"), (finding.Code, finding.Sheet, finding.Column));
        Assert.Contains("names no column 'has_service'", finding.Message, StringComparison.Ordinal);
        Assert.True((await harness.Storage.Results.GetBlobClient("110115/forms/forms-broken.json.findings.csv").ExistsAsync(Ct)).Value);
        Assert.Equal("catalog.version-taken", Assert.Single(reused.Ingest.Findings).Code);
        Assert.Contains("version 2021.1 was published before by 110115/forms/forms-2021.json", reused.Ingest.Findings[0].Message, StringComparison.Ordinal);
        Assert.Equal(0.99, (await FiguresAsync(harness, "2021-01")).District.Indicators[Indicators.ResolutionRate].Target);
        Assert.Equal(1, cli.Exit);
        Assert.Contains("catalog.version-taken", cli.Out, StringComparison.Ordinal);
        // A street's folder is not where catalogs are published: there a .json is an upload of an unknown kind.
        Assert.Null(ReferenceUpload.Of("110115003000/forms/forms.json", "110115"));
    }

    private static async Task<string> TempFileAsync(string name, byte[] content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("catalog-").FullName, name);
        await File.WriteAllBytesAsync(path, content, Ct);
        return path;
    }
}
