using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Pipeline.Adapters.Publish;
using Pipeline.Core.Divisions;
using Pipeline.Core.Summary;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Publish;

/// <summary>
/// The report in a real browser: Debian's headless Chromium over the blob endpoint of the test storage account
/// (static-website hosting is not emulated, so the test container is made publicly readable instead).
/// </summary>
public sealed class ReportBrowserTests(StorageTestEnvironment storage)
{
    private const string ScriptCommunity = "<script>window.__injected = 1</script>";
    private const string ImageMode = "<img src=x onerror=window.__imageInjected=1>";

    private static readonly string[] ChartIds = ["chart-scores", "chart-property", "chart-modes"];
    private static readonly string[] Modes = ["专业物业", "红色物业", "自管", ImageMode];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task The_report_draws_its_charts_matches_the_summary_shows_hostile_names_as_text_and_it_and_its_index_pass_the_page_checks()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2021, 1, 1, 17, 0, 0, TimeSpan.Zero));
        await using var harness = new PipelineHarness(storage, clock: clock);
        var streets = DivisionRegistry.Builtin("110115")!.Streets.Take(8).Select(s => s.Name).ToList();
        await harness.UploadAndProcessAsync("2020-11/诉求.csv", Csv([PipelineHarness.CountsHeader, .. streets.Select((s, i) => Counts(s, i, 4))]));
        await harness.UploadAndProcessAsync("2020-12/台账.csv", Csv([PipelineHarness.RosterHeader, .. streets.SelectMany(Roster)]));
        await harness.UploadAndProcessAsync("2020-12/诉求.csv", Csv([PipelineHarness.CountsHeader, .. streets.Select((s, i) => Counts(s, i, 0))]));
        await harness.Storage.EnsureCreatedAsync();
        await harness.Storage.Web.SetAccessPolicyAsync(PublicAccessType.Blob, cancellationToken: Ct);
        var address = await harness.Services.GetRequiredService<ReportWriter>().WriteAsync("2020-12", Ct);
        var summary = SummaryJson.Deserialize(await ReportWriterTests.ReadAsync(harness, "reports/2020-12/summary.json"));

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = chromium.Page;
        var response = await page.GotoAsync(address.ToString(), new() { WaitUntil = WaitUntilState.Load });
        Assert.Equal(200, response?.Status);
        await page.WaitForFunctionAsync(
            "ids => ids.every(id => { const c = document.getElementById(id); return c && c.querySelector('svg, canvas'); })",
            ChartIds, new() { Timeout = 20_000 });

        var charts = Parse<ChartBox[]>(await page.EvaluateAsync<string>(
            """
            ids => JSON.stringify(ids.map(id => {
              const drawn = document.getElementById(id).querySelector('svg, canvas');
              const box = drawn.getBoundingClientRect();
              return { id, tag: drawn.tagName.toLowerCase(), width: box.width, height: box.height, shapes: drawn.querySelectorAll('path, rect, text').length };
            }))
            """, ChartIds));
        Assert.All(charts, c => Assert.True(c.Width > 100 && c.Height > 100 && (c.Tag == "canvas" || c.Shapes > 10), $"{c.Id}: {c.Tag} {c.Width}×{c.Height}, {c.Shapes} shapes"));

        var ranking = await page.EvaluateAsync<string[][]>(
            "() => Array.from(document.querySelectorAll('#ranking-table tbody tr')).map(r => [r.cells[0].textContent, r.cells[1].textContent])");
        var expected = summary.Streets.OrderBy(s => s.Rank ?? int.MaxValue).ThenBy(s => s.Code, StringComparer.Ordinal)
            .Select(s => new[] { s.Rank?.ToString(CultureInfo.InvariantCulture) ?? "—", s.Name }).ToArray();
        Assert.Equal(8, summary.Streets.Count(s => s.Rank is not null));
        Assert.Equal(expected, ranking);

        await PageChecks.AssertAccessibleAndFittingAsync(page, "period page");

        // The service-mode chart's tooltip for the hostile mode: built from DOM text nodes, so it shows the name as text.
        await page.EvaluateAsync(
            """
            mode => {
              const chart = echarts.getInstanceByDom(document.getElementById('chart-modes'));
              const index = chart.getOption().series[0].data.findIndex(d => d.name === mode);
              chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: index });
            }
            """, ImageMode);
        await page.WaitForFunctionAsync(
            "mode => Array.from(document.querySelectorAll('#chart-modes strong')).some(s => s.textContent === mode)", ImageMode, new() { Timeout = 10_000 });

        var hostile = Parse<Hostile>(await page.EvaluateAsync<string>(
            """
            ([community, mode]) => JSON.stringify({
              communityAsText: Array.from(document.querySelectorAll('#community-table th.community')).some(th => th.textContent === community),
              modeAsText: Array.from(document.querySelectorAll('#modes-table th')).some(th => th.textContent === mode),
              scripts: document.scripts.length,
              images: document.images.length,
              injected: typeof window.__injected,
              imageInjected: typeof window.__imageInjected
            })
            """, new[] { ScriptCommunity, ImageMode }));
        Assert.Equal(new Hostile(true, true, 3, 0, "undefined", "undefined"), hostile);

        var screenshot = RepositoryPaths.Combine("artifacts", "screenshots", "report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);

        // The index of every period, written with the period's page.
        Assert.Equal(200, (await page.GotoAsync(new Uri(address, "../index.html").ToString(), new() { WaitUntil = WaitUntilState.Load }))?.Status);
        Assert.Equal(["2020-12", "2020-11"], await page.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('#periods-table tbody tr')).map(r => r.dataset.period)"));
        await PageChecks.AssertAccessibleAndFittingAsync(page, "report index");
        Assert.Empty(chromium.Problems);
    }

    /// <summary>Two communities per street; the first street's second community has a name that is markup.</summary>
    private static IEnumerable<string> Roster(string street, int i) =>
        from c in Enumerable.Range(0, 2)
        from j in Enumerable.Range(0, 3 + ((i + c) % 3))
        let community = i == 0 && c == 1 ? ScriptCommunity : $"{street[..2]}{(c == 0 ? "东" : "西")}社区"
        let service = (i + j + c) % 5 != 0
        select $"{street},{community},小区{c}-{j},{(service ? "是" : "否")},{(service ? Modes[(i + j) % Modes.Length] : "无")},{(j % 4 == 0 ? "无" : "业委会")},{(j % 3 == 0 ? "否" : "是")}";

    private static string Counts(string street, int i, int worse)
    {
        var valid = 30 + i;
        var satisfied = valid - 5 - (i % 5) - (worse * (1 + (i % 2)));
        return string.Join(",", street, $"{street[..2]}东社区", 40 + (3 * i), valid, valid - (i % 3) - (worse / 2), valid - 2 - (i % 4) - worse - (i % 3), satisfied, 3,
            valid - satisfied - 3);
    }

    private static T Parse<T>(string json) => JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web)!;

    private sealed record ChartBox(string Id, string Tag, double Width, double Height, int Shapes);

    private sealed record Hostile(bool CommunityAsText, bool ModeAsText, int Scripts, int Images, string Injected, string ImageInjected);
}
