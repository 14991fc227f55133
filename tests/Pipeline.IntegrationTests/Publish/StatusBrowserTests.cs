using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Submissions;
using Pipeline.Core;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Publish;
using Pipeline.Core.Report;
using Pipeline.Core.Submissions;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Publish;

/// <summary>
/// The status page (报送情况) in Chromium: no errors, its grid equals status.json and is coloured as its legend says, a
/// hostile file name is text, refused files open their findings pages; it, the findings page and the daily page pass
/// the accessibility and layout checks (<see cref="PageChecks"/>) with long file names.
/// </summary>
public sealed class StatusBrowserTests(StorageTestEnvironment storage)
{
    private const string HostileName = "<img src=x onerror=window.__injected=1>.csv";

    /// <summary>Longer than a cell is wide at either width, with the separators a path wraps at and a long run without one.</summary>
    private const string LongName = "清源街道-小区物业台账-第二次更正-最终版-以此为准-compound_roster_corrected_final_version_0123456789012345678901234567890123.csv";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task The_status_grid_equals_status_json_is_coloured_as_its_legend_says_links_findings_pages_and_shows_a_hostile_file_name_as_text()
    {
        await using var harness = new PipelineHarness(storage);
        var period = Periods.Of(DateTimeOffset.UtcNow);
        await harness.UploadAndProcessAsync($"110115003000/{period}/{HostileName}", Csv(RosterHeader, "清源街道,某社区,甲,也许,专业物业,业委会,是"));
        await harness.UploadAndProcessAsync($"110115003000/{period}/{LongName}", Csv(RosterHeader, "清源街道,某社区,甲,不详,专业物业,业委会,是"));
        await harness.UploadAndProcessAsync($"110115001000/{period}/{LongName.Replace("清源", "兴丰", StringComparison.Ordinal)}", Csv(RosterHeader, "兴丰街道,某社区,乙,是,专业物业,业委会,是"));
        await harness.Storage.Web.SetAccessPolicyAsync(PublicAccessType.Blob, cancellationToken: Ct);
        var status = JsonSerializer.Deserialize<StatusDocument>(
            (await harness.Storage.Web.GetBlobClient(StatusWriter.PathOf(period)).DownloadContentAsync(Ct)).Value.Content.ToArray(), ReadableJson.Options)!;

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = chromium.Page;
        var response = await page.GotoAsync(harness.Storage.Web.GetBlobClient($"reports/{period}/status.html").Uri.ToString(), new() { WaitUntil = WaitUntilState.Load });

        Assert.Equal(200, response?.Status);
        var cells = await page.EvaluateAsync<string[][]>(
            "() => Array.from(document.querySelectorAll('#grid td')).map(td => [td.dataset.street, td.dataset.obligation, td.dataset.status])");
        Assert.Equal(status.Submissions.Select(s => new[] { s.StreetCode, s.Obligation, s.Status }).ToArray(), cells);
        Assert.Contains(cells, c => c[0] == "110115003000" && c[1] == "CompoundRoster" && c[2] == "refused");
        Assert.Contains(cells, c => c[0] == "110115001000" && c[1] == "CompoundRoster" && c[2] == "on-time");
        var hostile = await page.EvaluateAsync<JsonElement>(
            "name => ({ asText: Array.from(document.querySelectorAll('.file.refused')).some(d => d.textContent.includes(name)), images: document.images.length, injected: typeof window.__injected })",
            HostileName);
        Assert.True(hostile.GetProperty("asText").GetBoolean());
        Assert.Equal(0, hostile.GetProperty("images").GetInt32());
        Assert.Equal("undefined", hostile.GetProperty("injected").GetString());
        Assert.Equal(status.SubmissionRate?.ToString("0.0%", System.Globalization.CultureInfo.InvariantCulture), await page.TextContentAsync("#rate"));

        // Every cell has its status's colour, the one its legend entry shows, whatever stripe its row is; no two statuses share one.
        var miscoloured = await page.EvaluateAsync<string[]>(
            """
            () => Array.from(document.querySelectorAll('#grid td')).filter(td =>
              getComputedStyle(td).backgroundColor !== getComputedStyle(document.querySelector('#legend li[data-status="' + td.dataset.status + '"] .swatch')).backgroundColor)
              .map(td => td.dataset.street + ' ' + td.dataset.status + ': ' + getComputedStyle(td).backgroundColor)
            """);
        Assert.Empty(miscoloured);
        var legend = await page.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('#legend .swatch')).map(s => getComputedStyle(s).backgroundColor)");
        Assert.Equal(Enum.GetValues<SubmissionStatus>().Length, legend.Distinct().Count());

        var screenshot = RepositoryPaths.Combine("artifacts", "screenshots", "status.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        await PageChecks.AssertAccessibleAndFittingAsync(page, "status page");

        // Each refused file opens its findings page: HTML from the report's folder, listing what findings.json lists.
        var links = await page.EvaluateAsync<string[][]>(
            "() => Array.from(document.querySelectorAll('.file.refused')).map(d => [d.querySelector('.path').textContent, d.querySelector('a.findings').href])");
        Assert.Equal(2, links.Length);
        var refused = links.Single(l => l[0].EndsWith(HostileName, StringComparison.Ordinal));
        var findings = await page.GotoAsync(refused[1], new() { WaitUntil = WaitUntilState.Load });
        Assert.Equal(200, findings?.Status);
        Assert.StartsWith("text/html", findings!.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("/reports/findings/", refused[1], StringComparison.Ordinal);
        using var listed = JsonDocument.Parse((await harness.Storage.Results.GetBlobClient($"110115003000/{period}/{HostileName}.findings.json").DownloadContentAsync(Ct)).Value.Content.ToArray());
        Assert.Equal(listed.RootElement.EnumerateArray().Select(f => f.GetProperty("code").GetString()).ToArray(),
            await page.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('#findings tbody tr')).map(r => r.cells[4].textContent)"));
        Assert.Equal($"110115003000/{period}/{HostileName}", await page.TextContentAsync("h1"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.images.length"));
        await PageChecks.AssertAccessibleAndFittingAsync(page, "findings page");

        var longRefused = links.Single(l => l[0].EndsWith(LongName, StringComparison.Ordinal));
        Assert.Equal(200, (await page.GotoAsync(longRefused[1], new() { WaitUntil = WaitUntilState.Load }))?.Status);
        await PageChecks.AssertAccessibleAndFittingAsync(page, "findings page of a long name");
        Assert.Empty(chromium.Problems);
    }

    [Fact(Timeout = 120_000)]
    public async Task The_daily_page_lists_the_days_files_and_passes_the_page_checks()
    {
        await using var harness = new PipelineHarness(storage);
        var period = Periods.Of(DateTimeOffset.UtcNow);
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        await harness.UploadAndProcessAsync($"110115003000/{period}/{LongName}", Csv(RosterHeader, "清源街道,某社区,甲,不详,专业物业,业委会,是"));
        await harness.UploadAndProcessAsync($"110115001000/{period}/兴丰.csv", Csv(RosterHeader, "兴丰街道,某社区,乙,是,专业物业,业委会,是"));
        // The page as the daily run writes it, from the receipts of the uploads above.
        var registry = harness.Services.GetRequiredService<IngestContext>().Registry;
        var receipts = await harness.Services.GetRequiredService<ReceiptStore>().BetweenAsync(started, DateTimeOffset.UtcNow.AddMinutes(1), Ct);
        var digest = IngestionDigest.Build(DateOnly.FromDateTime(DateTime.UtcNow), receipts, code => registry.FindByCode(code)?.Name);
        var blob = harness.Storage.Web.GetBlobClient($"reports/daily/{digest.Date}.html");
        await blob.UploadAsync(BinaryData.FromString(DailyPage.Render(digest, registry.DistrictName)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = ReportHeaders.Html } }, Ct);
        await harness.Storage.Web.SetAccessPolicyAsync(PublicAccessType.Blob, cancellationToken: Ct);

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = chromium.Page;
        Assert.Equal(200, (await page.GotoAsync(blob.Uri.ToString(), new() { WaitUntil = WaitUntilState.Load }))?.Status);

        Assert.Equal(2, await page.EvaluateAsync<int>("() => document.querySelectorAll('#files tbody tr').length"));
        await PageChecks.AssertAccessibleAndFittingAsync(page, "daily page");
        Assert.Empty(chromium.Problems);
    }
}
