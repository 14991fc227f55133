using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Submissions;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Summary;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Forms;

/// <summary>
/// A form the pipeline has no code for, added by a catalog version alone, against Azurite: from the version's first
/// period its sheets are recognised by their headers, checked by its row checks, stored and measured per community,
/// and its indicators are in summary v3 for each street and the district; before that period the sheet is no form.
/// </summary>
public sealed class CatalogFormTests(StorageTestEnvironment storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The built-in catalog as version 2021.1 from 2021-01, with 生活垃圾分类督导 added; with <paramref name="coverageWeight"/>,
    /// its score also weighs 督导覆盖率 by it.
    /// </summary>
    internal static byte[] WithGarbageSorting(double? coverageWeight = null)
    {
        var catalog = JsonNode.Parse(FormCatalogFile.Write(FormCatalogs.Builtin))!.AsObject();
        catalog["version"] = "2021.1";
        catalog["effectiveFrom"] = "2021-01";
        catalog["forms"]!.AsArray().Add(JsonNode.Parse("""
            {
              "code": "GarbageSorting",
              "title": { "zh": "生活垃圾分类督导", "en": "Garbage-sorting supervision" },
              "rowNoun": { "zh": "社区", "en": "community" },
              "owedBy": "street",
              "statement": "replace",
              "keys": [["community_name"]],
              "signature": ["supervised", "participating"],
              "columns": [
                { "key": "period", "label": { "zh": "填报周期", "en": "Period" }, "type": "period" },
                { "key": "street_name", "label": { "zh": "街道", "en": "Street" }, "aliases": ["街乡镇"], "type": "street" },
                { "key": "community_name", "label": { "zh": "社区", "en": "Community" }, "aliases": ["社区/村"], "type": "community", "required": true },
                { "key": "supervised", "label": { "zh": "是否督导", "en": "Supervised" }, "type": "yes-no", "required": true },
                { "key": "households", "label": { "zh": "户数", "en": "Households" }, "type": "count", "required": true },
                { "key": "participating", "label": { "zh": "参与户数", "en": "Participating" }, "type": "count", "required": true }
              ],
              "checks": [
                {
                  "code": "participating-within-households", "finding": "counts.exceeds", "expression": "participating <= households", "severity": "error",
                  "message": { "zh": "{participating.label} {participating} 超过“{households.label}” {households}", "en": "{participating.label} {participating} exceeds \"{households.label}\" {households}" }
                }
              ],
              "measures": [
                { "code": "communities", "title": { "zh": "社区数", "en": "Communities" }, "expression": "count()" },
                { "code": "supervised", "title": { "zh": "已督导", "en": "Supervised" }, "expression": "count(supervised)" },
                { "code": "households", "title": { "zh": "户数", "en": "Households" }, "expression": "sum(households)" },
                { "code": "participating", "title": { "zh": "参与户数", "en": "Participating" }, "expression": "sum(participating)" }
              ]
            }
            """));
        var indicators = catalog["indicators"]!.AsArray();
        indicators.Add(JsonNode.Parse("""{ "code": "supervisionCoverage", "title": { "zh": "督导覆盖率", "en": "Supervision coverage" }, "form": "GarbageSorting", "numerator": "supervised", "denominator": "communities", "target": 1 }"""));
        indicators.Add(JsonNode.Parse("""{ "code": "participationRate", "title": { "zh": "参与率", "en": "Participation" }, "form": "GarbageSorting", "numerator": "participating", "denominator": "households" }"""));
        if (coverageWeight is { } weight)
        {
            catalog["score"]!["weights"]!["supervisionCoverage"] = weight;
        }

        return Encoding.UTF8.GetBytes(catalog.ToJsonString());
    }

    internal static byte[] Sorting(string street, long participating) =>
        Csv("街道,社区,是否督导,户数,参与户数", $"{street},枣园社区,是,100,{participating}", $"{street},兴涛社区,否,50,10");

    [Fact]
    public async Task A_form_added_by_a_catalog_is_read_checked_stored_and_measured_into_summary_v3_from_its_first_period()
    {
        await using var harness = new PipelineHarness(storage);
        var published = await harness.UploadAndProcessAsync("110115/forms/forms-2021.json", WithGarbageSorting());
        Assert.Empty(published.Ingest.Findings.Select(f => f.Message));
        Assert.Equal(ReceiptStatus.Accepted, published.Ingest.Receipt.Status);

        var before = await harness.UploadAndProcessAsync("2020-12/清源街道-垃圾分类.csv", Sorting("清源街道", 80));
        Assert.Equal((ReceiptStatus.Rejected, "file.no-header"), (before.Ingest.Receipt.Status, Assert.Single(before.Ingest.Findings).Code));

        var refused = await harness.UploadAndProcessAsync("2021-01/清源街道-垃圾分类.csv", Sorting("清源街道", 120));
        Assert.Equal((ReceiptStatus.Rejected, "GarbageSorting"), (refused.Ingest.Receipt.Status, refused.Ingest.Receipt.Form));
        var exceeds = Assert.Single(refused.Ingest.Findings);
        Assert.Equal((2, "参与户数", "counts.exceeds"), (exceeds.Row, exceeds.Column, exceeds.Code));
        Assert.StartsWith("参与户数 120 超过“户数” 100", exceeds.Message, StringComparison.Ordinal);

        var accepted = await harness.UploadAndProcessAsync("2021-01/清源街道-垃圾分类.csv", Sorting("清源街道", 80));
        Assert.Equal((ReceiptStatus.Accepted, "GarbageSorting", 2), (accepted.Ingest.Receipt.Status, accepted.Ingest.Receipt.Form, accepted.Ingest.Receipt.Rows));
        await harness.UploadAndProcessAsync("2021-01/兴丰街道-垃圾分类.csv", Sorting("兴丰街道", 50));

        var figures = SummaryJson.DeserializeFigures(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-01/summary.v3.json"));
        Assert.Equal("2021.1", figures.Catalog.Version);
        var qingyuan = figures.Streets.Single(s => s.Name == "清源街道");
        Assert.Equal(0.5, qingyuan.Indicators["supervisionCoverage"].Value);
        Assert.Equal(90 / 150.0, qingyuan.Indicators["participationRate"].Value!.Value, 12);
        Assert.Equal(new Dictionary<string, double> { ["communities"] = 2, ["households"] = 150, ["participating"] = 90, ["supervised"] = 1 },
            qingyuan.Forms["GarbageSorting"].Measures);
        Assert.Equal(["兴涛社区", "枣园社区"], qingyuan.Communities!.Select(c => c.Name).Order());
        Assert.Equal(1.0, qingyuan.Communities!.Single(c => c.Name == "枣园社区").Indicators["supervisionCoverage"].Value);
        Assert.Equal((60 + 90) / 300.0, figures.District.Indicators["participationRate"].Value!.Value, 12);
        Assert.Equal(1.0, figures.District.Indicators["supervisionCoverage"].Target);

        // The period's page shows the form in a table of its own, each street and the district, and links its CSV.
        var page = Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-01/index.html"));
        Assert.Contains("<section id=\"form-GarbageSorting\" class=\"catalog-form\">", page, StringComparison.Ordinal);
        Assert.Contains("<h2>生活垃圾分类督导 <span class=\"en\">Garbage-sorting supervision</span></h2>", page, StringComparison.Ordinal);
        Assert.Matches("<tr><th scope=\"row\" class=\"text\">清源街道</th><td class=\"below\"[^>]*>▼ 50.00%</td><td>60.00%</td><td>2</td><td>1</td><td>150</td><td>90</td></tr>", page);
        var csv = Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-01/form-GarbageSorting.csv")).TrimStart('\uFEFF').Split("\r\n");
        Assert.Equal("代码 code,名称 name,督导覆盖率 supervisionCoverage,参与率 participationRate,社区数 communities,已督导 supervised,户数 households,参与户数 participating", csv[0]);
        Assert.Contains("110115,大兴区,0.5,0.5,4,2,300,150", csv);

        // The trend page has the form's indicators from the version's first period on, the built-in ones beside them.
        var trend = Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-01/trend.html"));
        Assert.Contains("<h2>督导覆盖率 <span class=\"en\">Supervision coverage</span></h2>", trend, StringComparison.Ordinal);
        Assert.Matches("<table id=\"table-supervisionCoverage\".*?<tr data-code=\"110115003000\"><th scope=\"row\" class=\"text\">清源街道</th>(<td data-value=\"\">—</td>){11}<td data-value=\"0.5\">50.00%</td></tr>",
            trend.ReplaceLineEndings(""));
        Assert.Contains("id=\"table-propertyServiceRate\"", trend, StringComparison.Ordinal);

        // Its templates are published beside the built-in ones and linked from the index; filled in, they are the form.
        var index = Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, "reports/index.html"));
        Assert.Contains("<a href=\"templates/GarbageSorting.xlsx\">GarbageSorting.xlsx</a>", index, StringComparison.Ordinal);
        var template = await Publish.ReportWriterTests.ReadAsync(harness, "reports/templates/110115003000/GarbageSorting.xlsx");
        var templateRows = Adapters.Spreadsheets.SpreadsheetReader.Read(new MemoryStream(template), "GarbageSorting.xlsx", Core.Sheets.SpreadsheetLimits.Default).First().Rows.ToList();
        var compiled = CompiledCatalog.Compile(FormCatalogFile.Read(WithGarbageSorting(), "forms-2021.json").Catalog!);
        Assert.Equal("GarbageSorting", FormHeader.TryRead(templateRows[1], compiled, out _)!.Form.Definition.Code);

        // From the version's first period every street owes the form (owedBy: street); December owes what it did.
        var submissions = harness.Services.GetRequiredService<SubmissionsReader>();
        var january = await submissions.ReadAsync("2021-01", Ct);
        Assert.Equal(["CompoundRoster", "AppealCounts|TicketExport", "GarbageSorting"], january.Submissions.Select(s => s.Obligation.Key).Distinct());
        var owed = january.Submissions.Where(s => s.Obligation.Key == "GarbageSorting").ToList();
        Assert.Equal("生活垃圾分类督导", owed[0].Obligation.Label);
        Assert.Equal(["110115001000", "110115003000"], owed.Where(s => s.Accepted is not null).Select(s => s.StreetCode).Order());
        Assert.Equal(22, owed.Count);
        Assert.DoesNotContain((await submissions.ReadAsync("2020-12", Ct)).Submissions, s => s.Obligation.Key == "GarbageSorting");
    }

    [Fact]
    public async Task A_version_whose_score_weighs_the_added_forms_indicator_ranks_the_streets_by_it_in_both_summaries_and_on_the_page()
    {
        await using var harness = new PipelineHarness(storage);
        Assert.Equal(ReceiptStatus.Accepted, (await harness.UploadAndProcessAsync("110115/forms/forms-2021.json", WithGarbageSorting(coverageWeight: 0.5))).Ingest.Receipt.Status);
        const string Counts = "街道,社区,受理量,有效回访,已联系,已解决,满意,基本满意,不满意";
        // 清源 handles its appeals better; 兴丰 supervises all its communities, 清源 none.
        await harness.UploadAndProcessAsync("2021-01/清源街道-诉求.csv", Csv(Counts, "清源街道,枣园社区,10,10,10,10,10,0,0"));
        await harness.UploadAndProcessAsync("2021-01/兴丰街道-诉求.csv", Csv(Counts, "兴丰街道,甲社区,10,10,10,9,9,0,1"));
        await harness.UploadAndProcessAsync("2021-01/清源街道-垃圾分类.csv", Csv("街道,社区,是否督导,户数,参与户数", "清源街道,枣园社区,否,100,80", "清源街道,兴涛社区,否,50,10"));
        await harness.UploadAndProcessAsync("2021-01/兴丰街道-垃圾分类.csv", Csv("街道,社区,是否督导,户数,参与户数", "兴丰街道,甲社区,是,100,80", "兴丰街道,乙社区,是,50,10"));

        var v2 = (await harness.Summaries.ReadAsync("2021-01", SummaryDocument.Monthly, Ct)).Streets.Where(s => s.Rank is not null).OrderBy(s => s.Rank).ToList();
        var v3 = SummaryJson.DeserializeFigures(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-01/summary.v3.json"));

        Assert.Equal(["兴丰街道", "清源街道"], v2.Select(s => s.Name));
        Assert.Equal(100 * ((0.1 * 1) + (0.5 * 0.9) + (0.4 * 0.9) + (0.5 * 1)), v2[0].Appeals!.Score!.Value, 12);
        Assert.Equal(v2.Select(s => (s.Code, s.Rank, s.Appeals!.Score)), v2.Select(s => v3.Streets.Single(x => x.Code == s.Code)).Select(s => (s.Code, s.Rank, s.Score)));
        var page = Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-01/index.html"));
        var ranking = System.Text.RegularExpressions.Regex.Match(page, "<table id=\"ranking-table\">.*?</table>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Contains("督导覆盖率", ranking, StringComparison.Ordinal);
        Assert.Matches("<tr data-code=\"110115001000\"><td class=\"rank\">1</td><th scope=\"row\" class=\"text street\">兴丰街道</th><td>141.00</td><td>100.00%</td>", ranking);
    }
}
