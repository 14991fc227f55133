using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.Playwright;
using Pipeline.Adapters.Submissions;
using Pipeline.Core;
using Pipeline.Core.Model;
using Pipeline.Core.Submissions;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Publish;

/// <summary>The status page (报送情况) in Chromium: no errors, its grid equals status.json, a hostile file name is text.</summary>
public sealed class StatusBrowserTests(StorageTestEnvironment storage)
{
    private const string HostileName = "<img src=x onerror=window.__injected=1>.csv";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task The_status_grid_equals_status_json_and_shows_a_hostile_file_name_as_text()
    {
        await using var harness = new PipelineHarness(storage);
        var period = Periods.Of(DateTimeOffset.UtcNow);
        await harness.UploadAndProcessAsync($"110115003000/{period}/{HostileName}", Csv(RosterHeader, "清源街道,某社区,甲,也许,专业物业,业委会,是"));
        await harness.UploadAndProcessAsync($"110115001000/{period}/兴丰.csv", Csv(RosterHeader, "兴丰街道,某社区,乙,是,专业物业,业委会,是"));
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

        var screenshot = RepositoryPaths.Combine("artifacts", "screenshots", "status.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        Assert.Empty(chromium.Problems);
    }
}
