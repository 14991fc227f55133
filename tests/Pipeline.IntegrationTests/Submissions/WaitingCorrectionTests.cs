using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Adapters.Closing;
using Pipeline.Adapters.Publish;
using Pipeline.Adapters.Submissions;
using Pipeline.Core;
using Pipeline.Core.Ingest;
using Pipeline.Core.Submissions;
using Pipeline.IntegrationTests.Cli;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Publish;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Submissions;

/// <summary>
/// Corrections that arrive after close, against Azurite: each waits for a reopen in status.json, on the status page,
/// in <c>pipeline status</c> and in the daily digest, until the district dismisses it (with its reason, shown) or
/// reopens the period and replays it, which applies it; replay leaves a dismissed one out.
/// </summary>
public sealed class WaitingCorrectionTests(StorageTestEnvironment storage)
{
    private const string Period = "2020-12";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<StatusDocument> StatusAsync(PipelineHarness harness) =>
        JsonSerializer.Deserialize<StatusDocument>(await Publish.ReportWriterTests.ReadAsync(harness, StatusWriter.PathOf(Period)), ReadableJson.Options)!;

    private static async Task<string> PageAsync(PipelineHarness harness, string path) =>
        Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, path));

    [Fact(Timeout = 180_000)]
    public async Task A_correction_after_close_waits_until_dismissed_or_reopened_and_applied()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new PipelineHarness(storage, clock: clock);
        var environment = harness.Environment();
        await harness.UploadAndProcessAsync($"{Period}/清源街道.csv", RosterCsv("清源街道", 3));
        await harness.UploadAndProcessAsync($"{Period}/兴丰街道.csv", RosterCsv("兴丰街道", 2));
        await harness.Services.GetRequiredService<PeriodCloser>().CloseAsync(Period, "十二月通报", Ct);

        var late = await harness.UploadAndProcessAsync($"{Period}/清源街道-更正.csv", RosterCsv("清源街道", 4));
        var later = await harness.UploadAndProcessAsync($"{Period}/兴丰街道-更正.csv", RosterCsv("兴丰街道", 5));

        Assert.Equal([ReceiptStatus.Rejected, ReceiptStatus.Rejected], new[] { late, later }.Select(p => p.Ingest.Receipt.Status));
        var waiting = (await StatusAsync(harness)).Waiting;
        Assert.Equal([$"{Period}/清源街道-更正.csv", $"{Period}/兴丰街道-更正.csv"], waiting.Select(w => w.File));
        Assert.Equal(["清源街道"], waiting[0].StreetNames);
        Assert.Equal((1, late.Ingest.Receipt.UploadedAt), (waiting[0].AfterOfficialVersion, (DateTimeOffset?)waiting[0].UploadedAt));
        var page = await PageAsync(harness, $"reports/{Period}/status.html");
        Assert.Contains("等待重新开放的更正", page, StringComparison.Ordinal);
        Assert.Contains("/<wbr>清源街道-<wbr>更正.<wbr>csv</td><td class=\"text\" data-label=\"街道 Street\">清源街道</td>", page, StringComparison.Ordinal);
        var status = await CliProcess.RunAsync(environment, "status", "--period", Period);
        Assert.Contains($"waiting for a reopen: {Period}/清源街道-更正.csv (清源街道, uploaded ", status.Out, StringComparison.Ordinal);
        Assert.Contains("after official version 1)", status.Out, StringComparison.Ordinal);
        var daily = await harness.Services.GetRequiredService<DailyRun>().RunAsync(Ct);
        var digest = await PageAsync(harness, daily.DigestPath.Replace(".json", ".html", StringComparison.Ordinal));
        Assert.Contains($"<th scope=\"row\" class=\"text\">{Period}</th><td class=\"text path\" data-label=\"文件 File\">2020-<wbr>12/<wbr>兴丰街道-<wbr>更正.<wbr>csv</td><td class=\"text\" data-label=\"街道 Street\">兴丰街道</td>", digest, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"封账后 After official version\">v1</td>", digest, StringComparison.Ordinal);

        // The district dismisses one, with its reason, twice (a retry changes nothing); an unknown file is refused.
        var dismiss = await CliProcess.RunAsync(environment, "dismiss", "--period", Period, "--file", $"{Period}/兴丰街道-更正.csv", "--reason", "已并入一月数据");
        var twice = await CliProcess.RunAsync(environment, "dismiss", "--period", Period, "--file", $"{Period}/兴丰街道-更正.csv", "--reason", "再次");
        var unknown = await CliProcess.RunAsync(environment, "dismiss", "--period", Period, "--file", $"{Period}/清源街道.csv", "--reason", "无");

        Assert.True(dismiss.Exit == 0, dismiss.Error);
        Assert.Contains("dismissed; it no longer waits for a reopen", dismiss.Out, StringComparison.Ordinal);
        Assert.Equal(0, twice.Exit);
        Assert.Contains("was dismissed already (reason: 已并入一月数据)", twice.Out, StringComparison.Ordinal);
        Assert.Equal((2, $"{Period}: {Period}/清源街道.csv is not a correction waiting for a reopen (see pipeline status --period {Period})"), (unknown.Exit, unknown.Out.Trim()));
        var afterDismissal = await StatusAsync(harness);
        Assert.Equal([$"{Period}/清源街道-更正.csv"], afterDismissal.Waiting.Select(w => w.File));
        var dismissed = Assert.Single(afterDismissal.Dismissed);
        Assert.Equal(($"{Period}/兴丰街道-更正.csv", "已并入一月数据"), (dismissed.File, dismissed.Reason));
        Assert.Contains("已并入一月数据", await PageAsync(harness, $"reports/{Period}/status.html"), StringComparison.Ordinal);

        // Reopened and replayed: the waiting correction applies, the dismissed one is left out.
        await harness.Services.GetRequiredService<PeriodCloser>().ReopenAsync(Period, "清源街道更正", Ct);
        Assert.Single((await StatusAsync(harness)).Waiting); // reopened, not yet applied: it still waits

        // The page with all of it (a return, a waiting and a dismissed correction) reads well on a desk and a phone.
        await harness.Services.GetRequiredService<SubmissionReturns>().ReturnAsync(Period, "110115001000", Obligation.Parse("CompoundRoster"),
            "第2行至第5行小区户数与上月差异过大，且物业服务企业名称与备案不一致，请核实后重新上报（如确有变化请在说明列写明原因）", Ct);
        await harness.Storage.Web.SetAccessPolicyAsync(PublicAccessType.Blob, cancellationToken: Ct);
        await using (var chromium = await HeadlessChromium.LaunchAsync())
        {
            foreach (var (path, kind) in new[] { ($"reports/{Period}/status.html", "status page with a return and corrections after close"), (daily.DigestPath.Replace(".json", ".html", StringComparison.Ordinal), "daily page with corrections waiting") })
            {
                var response = await chromium.Page.GotoAsync(harness.Storage.Web.GetBlobClient(path).Uri.ToString(), new() { WaitUntil = WaitUntilState.Load });
                Assert.Equal(200, response?.Status);
                await PageChecks.AssertAccessibleAndFittingAsync(chromium.Page, kind);
            }
        }
        var replay = await CliProcess.RunAsync(environment, "replay", "--period", Period);

        Assert.True(replay.Exit == 0, replay.Error);
        Assert.Contains($"{Period}/兴丰街道-更正.csv: left out, dismissed by the district (已并入一月数据)", replay.Out, StringComparison.Ordinal);
        var applied = await StatusAsync(harness);
        Assert.Empty(applied.Waiting);
        Assert.Single(applied.Dismissed);
        var district = (await harness.Summaries.ReadAsync(Period, Core.Summary.SummaryDocument.Monthly, Ct)).District.Property!;
        Assert.Equal(4 + 2, district.Compounds);
        var emptied = await harness.Services.GetRequiredService<DailyRun>().RunAsync(Ct);
        Assert.Contains("id=\"waiting-none\"", await PageAsync(harness, emptied.DigestPath.Replace(".json", ".html", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
