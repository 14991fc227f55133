using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Closing;
using Pipeline.Adapters.Submissions;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Summary;
using Pipeline.Core.Validation;
using Pipeline.IntegrationTests.Cli;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Divisions;

/// <summary>
/// A registry version published by the district office, against Azurite: uploaded to its divisions/ folder, checked
/// and given a receipt before it takes effect; open periods are read with the divisions it gives them, closed periods
/// keep theirs until reopened; rows, tickets, plausibility and the ledger follow the divisions in force for each period.
/// </summary>
public sealed class RegistryPublishingTests(StorageTestEnvironment storage)
{
    private const string Xingfeng = "110115001000";
    private const string Huangcun = "110115005000";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<FiguresSummary> FiguresAsync(PipelineHarness harness, string period) =>
        SummaryJson.DeserializeFigures(await Publish.ReportWriterTests.ReadAsync(harness, $"reports/{period}/summary.v3.json"));

    private static byte[] Version(JsonObject registry, string version)
    {
        registry["version"] = version;
        return Encoding.UTF8.GetBytes(registry.ToJsonString());
    }

    /// <summary>Daxing with 黄村地区 renamed 黄村街道 from 2020-12, and 兴丰街道 split into 兴丰东街道 and 兴丰西街道 from 2021-01.</summary>
    private static JsonObject RenamedAndSplit()
    {
        var registry = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("functions/Pipeline.Core/Divisions/Registries/110115.json")))!.AsObject();
        var streets = registry["streets"]!.AsArray();
        var huangcun = streets.Single(s => (string)s!["code"]! == Huangcun)!.AsObject();
        huangcun["until"] = "2020-11";
        streets.Add(new JsonObject { ["code"] = Huangcun, ["name"] = "黄村街道", ["kind"] = "street", ["from"] = "2020-12" });
        var xingfeng = streets.Single(s => (string)s!["code"]! == Xingfeng)!.AsObject();
        xingfeng["until"] = "2020-12";
        xingfeng["successors"] = new JsonArray("110115023000", "110115024000");
        streets.Add(new JsonObject { ["code"] = "110115023000", ["name"] = "兴丰东街道", ["from"] = "2021-01" });
        streets.Add(new JsonObject { ["code"] = "110115024000", ["name"] = "兴丰西街道", ["from"] = "2021-01" });
        return registry;
    }

    [Fact]
    public async Task A_version_published_after_a_close_leaves_the_closed_period_as_issued_and_a_close_again_uses_the_version_in_force()
    {
        await using var harness = new PipelineHarness(storage);
        var closer = harness.Services.GetRequiredService<PeriodCloser>();
        await harness.UploadAndProcessAsync("2020-12/兴丰街道.csv", RosterCsv("兴丰街道", 3));
        await harness.UploadAndProcessAsync("2020-12/黄村地区.csv", RosterCsv("黄村地区", 2));
        await closer.CloseAsync("2020-12", "十二月通报", Ct);
        var closedPage = await Publish.ReportWriterTests.ReadAsync(harness, "reports/2020-12/index.html");
        var closedFigures = await Publish.ReportWriterTests.ReadAsync(harness, "reports/2020-12/summary.v3.json");

        var published = await harness.UploadAndProcessAsync("110115/divisions/divisions-2021.json", Version(RenamedAndSplit(), "2021.2"));

        Assert.Equal(ReceiptStatus.Accepted, published.Ingest.Receipt.Status);
        Assert.Equal(["2020-12"], published.Ingest.Receipt.Periods);
        // December is closed: its figures and page stay as issued, with the divisions it was closed with.
        Assert.Empty(published.Periods);
        Assert.Equal(closedFigures, await Publish.ReportWriterTests.ReadAsync(harness, "reports/2020-12/summary.v3.json"));
        Assert.Equal(closedPage, await Publish.ReportWriterTests.ReadAsync(harness, "reports/2020-12/index.html"));
        var december = await FiguresAsync(harness, "2020-12");
        Assert.Equal(DivisionVersions.Unversioned, december.Divisions!.Version);
        Assert.Equal("黄村地区", december.Streets.Single(s => s.Code == Huangcun).Name);

        // January, open, is read with the new version: the split streets owe and rank from it, the old one does not.
        var refused = await harness.UploadAndProcessAsync("2021-01/兴丰街道.csv", RosterCsv("兴丰街道", 3));
        await harness.UploadAndProcessAsync("2021-01/兴丰东街道.csv", RosterCsv("兴丰东街道", 2));
        Assert.Equal(ReceiptStatus.Rejected, refused.Ingest.Receipt.Status);
        Assert.Equal([2, 3, 4], refused.Ingest.Findings.Select(f => f.Row));
        Assert.All(refused.Ingest.Findings, f => Assert.StartsWith("兴丰街道自 2021-01 起已撤销，分设为兴丰东街道、兴丰西街道", f.Message, StringComparison.Ordinal));
        var january = await FiguresAsync(harness, "2021-01");
        Assert.Equal("2021.2", january.Divisions!.Version);
        Assert.Equal(23, january.Streets.Count);
        Assert.DoesNotContain(january.Streets, s => s.Code == Xingfeng);
        Assert.Equal(2, january.District.Forms["CompoundRoster"].Measures["compounds"]);
        var ledger = await harness.Services.GetRequiredService<SubmissionsReader>().ReadAsync("2021-01", Ct);
        var owing = ledger.Submissions.Where(s => s.Obligation.Forms.Contains("CompoundRoster")).Select(s => s.StreetCode).ToList();
        Assert.Equal(23, owing.Count);
        Assert.Contains("110115024000", owing);
        Assert.DoesNotContain(Xingfeng, owing);
        var decemberLedger = await harness.Services.GetRequiredService<SubmissionsReader>().ReadAsync("2020-12", Ct);
        Assert.Contains(decemberLedger.Submissions, s => s.StreetCode == Xingfeng);
        Assert.DoesNotContain(decemberLedger.Submissions, s => s.StreetCode == "110115024000");

        // Reopened and closed again, December is read with the version in force for it now; 兴丰街道's figures stand.
        await closer.ReopenAsync("2020-12", "区划更名", Ct);
        await closer.CloseAsync("2020-12", null, Ct);
        var reclosed = await FiguresAsync(harness, "2020-12");
        Assert.Equal("2021.2", reclosed.Divisions!.Version);
        Assert.Equal("2021.2", (await harness.Slices.ReadManifestAsync("2020-12", Ct)).Closing.LastClose!.Divisions);
        Assert.Equal("黄村街道", reclosed.Streets.Single(s => s.Code == Huangcun).Name);
        Assert.Equal(3, reclosed.Streets.Single(s => s.Code == Xingfeng).Forms["CompoundRoster"].Measures["compounds"]);
        Assert.Equal(december.District.Forms["CompoundRoster"].Measures["compounds"], reclosed.District.Forms["CompoundRoster"].Measures["compounds"]);

        // Delivered again: its receipt stands, nothing changes.
        Assert.True((await harness.Processing.ProcessAsync("110115/divisions/divisions-2021.json", cancellationToken: Ct)).Ingest.Repeated);
    }

    [Fact]
    public async Task Villages_a_version_converts_are_refused_by_name_counted_for_their_committee_in_tickets_and_compared_with_it()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndProcessAsync("110115/divisions/divisions-2021.json", Version(DivisionFiles.VillagesMerged(), "2021.1"));
        var december = await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Csv(
            "街道,社区,小区名称,是否有物业,业主组织,党组织覆盖", "清源街道,东村,甲,是,业委会,是", "清源街道,东村,乙,是,业委会,是", "清源街道,西村,丙,是,无,否"));

        var january = await harness.UploadAndProcessAsync("2021-01/清源街道.csv", Csv(
            "街道,社区,小区名称,是否有物业,业主组织,党组织覆盖", "清源街道,东西社区,甲,是,业委会,是", "清源街道,东西社区,乙,是,业委会,是", "清源街道,东西社区,丙,是,无,否"));
        var byVillage = await harness.UploadAndProcessAsync("2021-01/清源街道-更正.csv", Csv(
            "街道,社区,小区名称,是否有物业,业主组织,党组织覆盖", "清源街道,东村,甲,是,业委会,是"));
        var tickets = await harness.UploadAndProcessAsync("2021-01/工单.csv", Csv(
            "工单编号,来电时间,街乡镇,社区,是否有效回访,是否联系,是否解决,是否满意", "T1,2021-01-04 09:00,清源街道,西村,是,是,是,满意"));

        Assert.Equal(ReceiptStatus.Accepted, december.Ingest.Receipt.Status);
        // The committee's three compounds against the villages' three: no warning of a village gone or a community new.
        Assert.Equal(ReceiptStatus.Accepted, january.Ingest.Receipt.Status);
        Assert.Empty(january.Ingest.Findings.Select(f => f.Message));
        Assert.Equal(ReceiptStatus.Rejected, byVillage.Ingest.Receipt.Status);
        Assert.Equal("东村自 2021-01 起已改为社区“东西社区”，请填写“东西社区” / 东村 has been a residents' committee, 东西社区, since 2021-01; use 东西社区",
            Assert.Single(byVillage.Ingest.Findings).Message);
        Assert.Equal(ReceiptStatus.Accepted, tickets.Ingest.Receipt.Status);
        var attributed = Assert.Single(tickets.Ingest.Findings);
        Assert.Equal(("division.attributed", FindingSeverity.Warning), (attributed.Code, attributed.Severity));
        Assert.Equal("东西社区", Assert.Single(await harness.CurrentAsync("TicketExport", "2021-01", "110115003000")).Community!.Name);
        var figures = await FiguresAsync(harness, "2021-01");
        var qingyuan = figures.Streets.Single(s => s.Code == "110115003000");
        Assert.Equal(["东西社区"], qingyuan.Communities!.Select(c => c.Name));
        Assert.Equal(3, qingyuan.Forms["CompoundRoster"].Measures["compounds"]);
        Assert.Equal(["东村", "西村"], (await FiguresAsync(harness, "2020-12")).Streets.Single(s => s.Code == "110115003000").Communities!.Select(c => c.Name));
    }

    [Fact]
    public async Task A_registry_without_a_version_or_with_a_problem_is_refused_with_findings_and_the_cli_publishes_and_refuses_alike()
    {
        await using var harness = new PipelineHarness(storage);
        var unversioned = DivisionFiles.VillagesMerged();
        var outside = DivisionFiles.VillagesMerged();
        DivisionFiles.Qingyuan(outside)["communities"]![2]!["code"] = "110115004001";

        var noVersion = await harness.UploadAndProcessAsync("110115/divisions/a.json", Encoding.UTF8.GetBytes(unversioned.ToJsonString()));
        var invalid = await harness.UploadAndProcessAsync("110115/divisions/b.json", Version(outside, "2021.1"));
        var file = Path.Combine(Directory.CreateTempSubdirectory("divisions-").FullName, "divisions-2021.json");
        await File.WriteAllBytesAsync(file, Version(DivisionFiles.VillagesMerged(), "2021.1"), Ct);
        var cli = await CliProcess.RunAsync(harness.Environment(), "divisions", "publish", file);
        await File.WriteAllBytesAsync(file, Version(RenamedAndSplit(), "2021.1"), Ct);
        var taken = await CliProcess.RunAsync(harness.Environment(), "divisions", "publish", file);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);

        Assert.Equal(ReceiptStatus.Rejected, noVersion.Ingest.Receipt.Status);
        Assert.Equal("divisions.refused", Assert.Single(noVersion.Ingest.Findings).Code);
        Assert.Contains("names its version", noVersion.Ingest.Findings[0].Message, StringComparison.Ordinal);
        Assert.Equal(ReceiptStatus.Rejected, invalid.Ingest.Receipt.Status);
        Assert.All(invalid.Ingest.Findings, f => Assert.Equal("divisions.invalid", f.Code));
        Assert.Contains(invalid.Ingest.Findings, f => f.Message.Contains("110115004001", StringComparison.Ordinal));
        Assert.True((await harness.Storage.Results.GetBlobClient("110115/divisions/b.json.findings.csv").ExistsAsync(Ct)).Value);
        Assert.Equal((0, ""), (cli.Exit, cli.Error));
        Assert.Contains("110115/divisions/divisions-2021.json: registry accepted, changing the divisions of every period", cli.Out, StringComparison.Ordinal);
        Assert.Equal(1, taken.Exit);
        Assert.Contains("divisions.refused", taken.Out, StringComparison.Ordinal);
        Assert.Contains("version 2021.1 was published before", taken.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_street_two_merged_into_is_checked_against_their_sum_of_last_month()
    {
        await using var harness = new PipelineHarness(storage);
        var registry = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("functions/Pipeline.Core/Divisions/Registries/110115.json")))!.AsObject();
        var streets = registry["streets"]!.AsArray();
        foreach (var code in new[] { Xingfeng, "110115002000" })
        {
            streets.Single(s => (string)s!["code"]! == code)!["until"] = "2021-02";
            streets.Single(s => (string)s!["code"]! == code)!["successors"] = new JsonArray("110115023000");
        }

        streets.Add(new JsonObject { ["code"] = "110115023000", ["name"] = "兴丰林校路街道", ["from"] = "2021-03" });
        await harness.UploadAndProcessAsync("110115/divisions/merge.json", Version(registry, "2021.3"));
        await harness.UploadAndProcessAsync("2021-02/兴丰街道.csv", RosterCsv("兴丰街道", 10));
        await harness.UploadAndProcessAsync("2021-02/林校路街道.csv", RosterCsv("林校路街道", 30));

        var steady = await harness.UploadAndProcessAsync("2021-03/兴丰林校路街道.csv", RosterCsv("兴丰林校路街道", 41));
        var jump = await harness.UploadAndProcessAsync("2021-03/兴丰林校路街道-更正.csv", RosterCsv("兴丰林校路街道", 80));

        // 41 against 10 + 30 is within the 20 % the catalog allows; 80 is not, and the warning says so.
        Assert.Equal(ReceiptStatus.Accepted, steady.Ingest.Receipt.Status);
        Assert.DoesNotContain(steady.Ingest.Findings, f => f.Code.StartsWith("plausibility.", StringComparison.Ordinal));
        var warning = Assert.Single(jump.Ingest.Findings, f => f.Code == "plausibility.compounds");
        Assert.Contains("40", warning.Message, StringComparison.Ordinal);
        var march = await FiguresAsync(harness, "2021-03");
        Assert.Equal(80, march.Streets.Single(s => s.Code == "110115023000").Forms["CompoundRoster"].Measures["compounds"]);
        var summary = SummaryJson.Deserialize(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-03/summary.json"));
        Assert.Equal(40, summary.Streets.Single(s => s.Code == "110115023000").Previous!.Property!.Compounds);
    }
}
