using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.Playwright;
using Pipeline.Core.Summary;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Publish;

/// <summary>Trends against Azurite: a correction of an earlier period reaches later pages; the trend page in Chromium.</summary>
public sealed class TrendPageTests(StorageTestEnvironment storage)
{
    private const string Qingyuan = "110115003000";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Roster(int compounds, int withService) =>
        Csv([RosterHeader, .. Enumerable.Range(0, compounds).Select(i => $"清源街道,某社区,小区{i},{(i < withService ? "是" : "否")},专业物业,业委会,是")]);

    private static async Task<JsonDocument> JsonAsync(PipelineHarness harness, string path) =>
        JsonDocument.Parse(await ReportWriterTests.ReadAsync(harness, path));

    [Fact]
    public async Task A_correction_of_an_earlier_period_updates_the_later_periods_previous_block_and_trend()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndProcessAsync("2020-11/清源街道.csv", Roster(4, 2));
        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Roster(4, 4));
        var before = SummaryJson.Deserialize(await ReportWriterTests.ReadAsync(harness, "reports/2020-12/summary.json"));
        Assert.Equal(0.5, before.Streets.Single(s => s.Code == Qingyuan).Previous!.Property!.PropertyServiceRate);

        await harness.UploadAndProcessAsync("2020-11/清源街道-更正.csv", Roster(4, 3));

        var after = SummaryJson.Deserialize(await ReportWriterTests.ReadAsync(harness, "reports/2020-12/summary.json"));
        Assert.True(after.Revision > before.Revision);
        Assert.Equal(0.75, after.Streets.Single(s => s.Code == Qingyuan).Previous!.Property!.PropertyServiceRate);
        using var trend = await JsonAsync(harness, "reports/2020-12/trend.json");
        var series = trend.RootElement.GetProperty("streets").EnumerateArray().Single(s => s.GetProperty("code").GetString() == Qingyuan)
            .GetProperty("indicators").GetProperty("propertyServiceRate").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble()).ToList();
        Assert.Equal([.. Enumerable.Repeat<double?>(null, 10), 0.75, 1.0], series);
    }

    [Fact(Timeout = 120_000)]
    public async Task The_trend_page_draws_its_charts_its_tables_equal_trend_json_and_it_passes_the_page_checks()
    {
        await using var harness = new PipelineHarness(storage);
        foreach (var (period, withService) in new[] { ("2020-10", 1), ("2020-11", 2), ("2020-12", 4) })
        {
            await harness.UploadAndProcessAsync($"{period}/清源街道.csv", Roster(4, withService));
            await harness.UploadAndProcessAsync($"{period}/诉求.csv", Csv(CountsHeader, $"清源街道,某社区,10,10,10,{5 + withService},8,1,1", "兴丰街道,乙社区,5,5,5,5,5,0,0"));
        }

        await harness.Storage.Web.SetAccessPolicyAsync(PublicAccessType.Blob, cancellationToken: Ct);
        using var trend = await JsonAsync(harness, "reports/2020-12/trend.json");

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = chromium.Page;
        var response = await page.GotoAsync(harness.Storage.Web.GetBlobClient("reports/2020-12/trend.html").Uri.ToString(), new() { WaitUntil = WaitUntilState.Load });

        Assert.Equal(200, response?.Status);
        var charts = await page.EvaluateAsync<JsonElement>(
            "() => Array.from(document.querySelectorAll('.chart-canvas')).map(d => ({ id: d.id, shown: !d.parentNode.hidden, canvas: d.querySelectorAll('canvas').length }))");
        Assert.Equal(8, charts.GetArrayLength());
        Assert.All(charts.EnumerateArray(), c => Assert.True(c.GetProperty("shown").GetBoolean() && c.GetProperty("canvas").GetInt32() > 0, c.ToString()));
        foreach (var indicator in trend.RootElement.GetProperty("district").GetProperty("indicators").EnumerateObject())
        {
            var cells = await page.EvaluateAsync<string[][]>(
                "key => Array.from(document.querySelectorAll('#table-' + key + ' tbody tr')).map(tr => Array.from(tr.querySelectorAll('td')).map(td => td.dataset.value))",
                indicator.Name);
            var expected = new[] { trend.RootElement.GetProperty("district") }.Concat(trend.RootElement.GetProperty("streets").EnumerateArray())
                .Select(s => s.GetProperty("indicators").GetProperty(indicator.Name).EnumerateArray()
                    .Select(v => v.ValueKind == JsonValueKind.Null ? "" : v.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray())
                .ToArray();
            Assert.Equal(expected, cells);
        }

        var ranks = await page.EvaluateAsync<string[][]>("() => Array.from(document.querySelectorAll('#table-ranks tbody tr')).map(tr => Array.from(tr.querySelectorAll('td')).map(td => td.dataset.value))");
        Assert.Equal(trend.RootElement.GetProperty("streets").EnumerateArray()
            .Select(s => s.GetProperty("ranks").EnumerateArray().Select(r => r.ValueKind == JsonValueKind.Null ? "" : r.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray(), ranks);
        var screenshot = RepositoryPaths.Combine("artifacts", "screenshots", "trend.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = false });
        await PageChecks.AssertAccessibleAndFittingAsync(page, "trend page");
        Assert.Empty(chromium.Problems);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_street_split_is_marked_on_the_trend_page_and_its_restated_view_passes_the_page_checks()
    {
        await using var harness = new PipelineHarness(storage);
        var registry = Divisions.DivisionFiles.VillagesMerged();
        registry["version"] = "2020.12";
        var streets = registry["streets"]!.AsArray();
        var xingfeng = streets.Single(s => (string)s!["code"]! == "110115001000")!.AsObject();
        xingfeng["until"] = "2020-11";
        xingfeng["successors"] = new System.Text.Json.Nodes.JsonArray("110115023000", "110115024000");
        streets.Add(System.Text.Json.Nodes.JsonNode.Parse("""{ "code": "110115023000", "name": "兴丰东街道", "from": "2020-12" }"""));
        streets.Add(System.Text.Json.Nodes.JsonNode.Parse("""{ "code": "110115024000", "name": "兴丰西街道", "from": "2020-12" }"""));
        await harness.UploadAndProcessAsync("110115/divisions/divisions.json", System.Text.Encoding.UTF8.GetBytes(registry.ToJsonString()));
        foreach (var (period, rows) in new[]
        {
            ("2020-10", new[] { "清源街道,某社区,10,10,10,8,8,1,1", "兴丰街道,乙社区,10,10,10,6,6,2,2" }),
            ("2020-11", new[] { "清源街道,某社区,10,10,10,8,8,1,1", "兴丰街道,乙社区,10,10,10,7,7,2,1" }),
            ("2020-12", new[] { "清源街道,某社区,10,10,10,8,8,1,1", "兴丰东街道,甲社区,10,10,10,9,9,1,0", "兴丰西街道,丙社区,10,10,10,5,5,2,3" }),
        })
        {
            await harness.UploadAndProcessAsync($"{period}/诉求.csv", Csv([CountsHeader, .. rows]));
        }

        await harness.Storage.Web.SetAccessPolicyAsync(PublicAccessType.Blob, cancellationToken: Ct);
        using var trend = await JsonAsync(harness, "reports/2020-12/trend.json");
        var restated = trend.RootElement.GetProperty("restated").EnumerateArray().Single(s => s.GetProperty("code").GetString() == "110115023000");
        Assert.Equal("2020-12", restated.GetProperty("since").GetString());
        Assert.True(restated.GetProperty("shared").GetBoolean());
        Assert.Equal(0.7, restated.GetProperty("indicators").GetProperty("resolutionRate")[10].GetDouble(), 9);

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = chromium.Page;
        var response = await page.GotoAsync(harness.Storage.Web.GetBlobClient("reports/2020-12/trend.html").Uri.ToString(), new() { WaitUntil = WaitUntilState.Load });

        Assert.Equal(200, response?.Status);
        var shown = await page.EvaluateAsync<int>("() => Array.from(document.querySelectorAll('.chart-canvas')).filter(d => !d.parentNode.hidden && d.querySelector('canvas')).length");
        Assert.True(shown > 0);
        Assert.Equal("2020-11 后撤销 ended after 2020-11", await page.EvaluateAsync<string>(
            "() => document.querySelector('#table-resolutionRate tr[data-code=\"110115001000\"] .change-note').textContent"));
        await page.EvaluateAsync("() => document.querySelectorAll('details.restated').forEach(d => d.open = true)");
        Assert.Equal(["", "", "", "", "", "", "", "", "", "0.6", "0.7", "0.9"], await page.EvaluateAsync<string[]>(
            "() => Array.from(document.querySelectorAll('#restated-resolutionRate tr[data-code=\"110115023000\"] td')).map(td => td.dataset.value)"));
        await PageChecks.AssertAccessibleAndFittingAsync(page, "trend page with a street split");
        Assert.Empty(chromium.Problems);
    }
}
