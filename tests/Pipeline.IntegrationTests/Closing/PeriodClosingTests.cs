using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Adapters.Closing;
using Pipeline.Core.Closing;
using Pipeline.Core.Ingest;
using Pipeline.Core.Publish;
using Pipeline.Core.Summary;
using Pipeline.IntegrationTests.Cli;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.ServiceBus;
using Pipeline.IntegrationTests.Storage;
using Pipeline.Testing.ServiceBus;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Closing;

/// <summary>
/// Closing a month against Azurite and the broker, with a fake clock: close → a refused, quarantined upload → reopen
/// → replay applies it → close as version 2, with the history and the change on the page; and a close racing uploads.
/// </summary>
public sealed class PeriodClosingTests(StorageTestEnvironment storage, ServiceBusTestEnvironment bus)
{
    private const string Period = "2020-12";
    private const string Qingyuan = "110115003000";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<SummaryDocument> PageSummaryAsync(PipelineHarness harness) =>
        SummaryJson.Deserialize(await Publish.ReportWriterTests.ReadAsync(harness, $"reports/{Period}/summary.json"));

    private static async Task<string> PageAsync(PipelineHarness harness) =>
        System.Text.Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, $"reports/{Period}/index.html"));

    [Fact]
    public async Task Close_refuse_reopen_replay_and_close_again_as_version_2()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2021, 1, 6, 2, 0, 0, TimeSpan.Zero));
        var topic = await bus.CreateTopicAsync("close", ("official", SummaryFilters.Schema(SummaryDocument.SchemaName, SummaryMessage.OfficialSubject)), ("all", SummaryFilters.V2));
        await using var harness = PipelineHarness.WithBroker(storage, bus, topic, clock);
        await using var client = bus.CreateClient();
        await using var official = client.CreateReceiver(topic, "official", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var closer = harness.Services.GetRequiredService<PeriodCloser>();
        await harness.UploadAndProcessAsync($"{Period}/清源街道.csv", RosterCsv("清源街道", 10, 8));
        await harness.UploadAndProcessAsync($"{Period}/兴丰街道.csv", RosterCsv("兴丰街道", 4, 4));

        var closed = await closer.CloseAsync(Period, "一月通报", Ct);

        Assert.Equal((ClosingResult.Changed, 1), (closed.Result, closed.Closing.OfficialVersion));
        var v1 = (await official.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct))!;
        Assert.Equal((1, "official"), ((int)v1.ApplicationProperties["officialVersion"], (string)v1.ApplicationProperties["status"]));
        var v1Document = SummaryJson.Deserialize(v1.Body.ToArray());
        Assert.Equal(new Publication(Publication.Official, 1, "2021-01-06T02:00:00Z", "一月通报"), v1Document.Publication);
        Assert.Equal(v1Document.Revision, (await PageSummaryAsync(harness)).Revision);
        Assert.Contains("正式版 v1 Official version 1", await PageAsync(harness), StringComparison.Ordinal);

        // Closing again changes nothing and publishes nothing.
        clock.Advance(TimeSpan.FromHours(1));
        var again = await closer.CloseAsync(Period, "再次", Ct);
        Assert.Equal(ClosingResult.Unchanged, again.Result);
        Assert.Single(again.Closing.Events);
        Assert.Null(await official.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Ct));

        // A correction while closed is refused, kept in quarantine, and changes no figure.
        var path = $"{Period}/清源街道-更正.csv";
        var refused = await harness.UploadAndProcessAsync(path, RosterCsv("清源街道", 10, 10));
        Assert.Equal(ReceiptStatus.Rejected, refused.Ingest.Receipt.Status);
        var finding = Assert.Single(refused.Ingest.Findings);
        Assert.Equal("period.closed", finding.Code);
        Assert.Contains("2021-01-06 10:00", finding.Message, StringComparison.Ordinal);
        Assert.Contains("reopen", finding.Message, StringComparison.Ordinal);
        Assert.True((await harness.Storage.Quarantine.GetBlobClient(path).ExistsAsync(Ct)).Value);
        Assert.Equal(v1Document.Revision, (await harness.Figures.ReadDistrictAsync(Period, Ct)).Revision);
        Assert.Equal(8, (await harness.Summaries.ReadAsync(Period, SummaryDocument.Monthly, Ct)).Streets.Single(s => s.Code == Qingyuan).Property!.WithPropertyService);
        // A refusal after the close is not the street's: its submission still stands in the ledger.
        var status = JsonDocument.Parse(await Publish.ReportWriterTests.ReadAsync(harness, $"reports/{Period}/status.json"));
        var roster = status.RootElement.GetProperty("submissions").EnumerateArray()
            .Single(e => e.GetProperty("streetCode").GetString() == Qingyuan && e.GetProperty("obligation").GetString() == "CompoundRoster");
        Assert.Equal("late", roster.GetProperty("status").GetString());
        Assert.Empty(roster.GetProperty("refused").EnumerateArray());

        clock.Advance(TimeSpan.FromDays(1));
        var reopened = await closer.ReopenAsync(Period, "清源街道更正台账", Ct);
        Assert.Equal(ClosingResult.Changed, reopened.Result);
        Assert.Equal(new Publication(Publication.Provisional, 1, null, null), (await PageSummaryAsync(harness)).Publication);

        // Replay applies the refused file; the next close is version 2, and the page tells what changed.
        var replayed = await harness.Processing.ProcessAsync(path, force: true, cancellationToken: Ct);
        Assert.Equal(ReceiptStatus.Accepted, replayed.Ingest.Receipt.Status);
        clock.Advance(TimeSpan.FromHours(2));
        var second = await closer.CloseAsync(Period, null, Ct);

        Assert.Equal(2, second.Closing.OfficialVersion);
        var v2 = (await official.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct))!;
        Assert.Equal(2, (int)v2.ApplicationProperties["officialVersion"]);
        var v2Document = SummaryJson.Deserialize(v2.Body.ToArray());
        Assert.Equal(10, v2Document.Streets.Single(s => s.Code == Qingyuan).Property!.WithPropertyService);
        Assert.True(v2Document.Revision > v1Document.Revision);
        var page = await PageAsync(harness);
        Assert.Contains("正式版 v2 Official version 2", page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"text\">2021-01-07 11:00</td><td class=\"text\">清源街道更正台账</td>", page, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\" class=\"text\">清源街道</th><td>— → —</td><td class=\"text\">物业服务覆盖率 80.00% → 100.00%</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_close_racing_uploads_issues_exactly_the_files_applied_before_it_and_refuses_the_rest()
    {
        await using var harness = new PipelineHarness(storage);
        var registry = Core.Divisions.DivisionRegistry.Builtin("110115")!;
        await harness.UploadAndProcessAsync($"{Period}/清源街道.csv", RosterCsv("清源街道", 3, 3));
        var streets = registry.Streets.Where(s => s.Code != Qingyuan).Take(12).ToList();
        foreach (var (street, i) in streets.Select((s, i) => (s, i)))
        {
            await harness.UploadAsync($"{Period}/{street.Name}.csv", RosterCsv(street.Name, i + 1, i + 1));
        }

        var closer = harness.Services.GetRequiredService<PeriodCloser>();
        var uploads = streets.Select(s => Task.Run(() => harness.Processing.ProcessAsync($"{Period}/{s.Name}.csv", cancellationToken: Ct))).ToList();
        var close = Task.Run(() => closer.CloseAsync(Period, null, Ct));
        var outcomes = await Task.WhenAll(uploads);
        await close;

        Assert.All(outcomes, o => Assert.True(o.Ingest.Receipt.Status == ReceiptStatus.Accepted
            || o.Ingest.Findings.Single().Code == "period.closed", $"{o.Ingest.Receipt.File}: {o.Ingest.Receipt.Status}"));
        var issued = SummaryJson.Deserialize(
            (await harness.Storage.Summaries.GetBlobClient($"official/{Period}/v1.json").DownloadContentAsync(Ct)).Value.Content.ToArray());
        var accepted = outcomes.Where(o => o.Ingest.Receipt.Status == ReceiptStatus.Accepted).Sum(o => o.Ingest.Receipt.Rows) + 3;
        Assert.Equal(accepted, issued.District.Property!.Compounds);
        // Nothing moved after the close: the stored figures are the ones issued.
        var now = await harness.Summaries.ReadAsync(Period, SummaryDocument.Monthly, Ct);
        Assert.Equal(SummaryJson.Serialize(issued with { GeneratedAt = now.GeneratedAt }), SummaryJson.Serialize(now));
    }

    [Fact]
    public async Task The_close_and_reopen_verbs_say_what_they_did_in_one_line_and_replay_applies_refused_files()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndProcessAsync($"{Period}/清源街道.csv", RosterCsv("清源街道", 4, 2));
        var environment = harness.Environment();

        var close = await CliProcess.RunAsync(environment, "close", "--period", Period, "--note", "一月通报");
        var twice = await CliProcess.RunAsync(environment, "close", "--period", Period);
        var refused = await harness.UploadAndProcessAsync($"{Period}/清源街道-改.csv", RosterCsv("清源街道", 4, 4));
        var noReason = await CliProcess.RunAsync(environment, "reopen", "--period", Period);
        var reopen = await CliProcess.RunAsync(environment, "reopen", "--period", Period, "--reason", "更正");
        var replay = await CliProcess.RunAsync(environment, "replay", "--period", Period);
        var empty = await CliProcess.RunAsync(environment, "close", "--period", "2019-01");

        Assert.True(close.Exit == 0, close.Error);
        Assert.Matches(@"^2020-12: closed as official version 1 at \d{4}-\d{2}-\d{2} \d{2}:\d{2} Beijing time; uploads for it are now refused\r?\n$", close.Out);
        Assert.StartsWith("2020-12: already closed as official version 1", twice.Out, StringComparison.Ordinal);
        Assert.Equal(ReceiptStatus.Rejected, refused.Ingest.Receipt.Status);
        Assert.Equal(2, noReason.Exit);
        Assert.Contains("--reason", noReason.Error, StringComparison.Ordinal);
        Assert.Contains("reopened", reopen.Out, StringComparison.Ordinal);
        Assert.True(replay.Exit == 0, replay.Error);
        Assert.Contains("2 upload(s) replayed", replay.Out, StringComparison.Ordinal);
        Assert.Equal(4, (await harness.Summaries.ReadAsync(Period, SummaryDocument.Monthly, Ct)).Streets.Single(s => s.Code == Qingyuan).Property!.WithPropertyService);
        Assert.Equal((2, "2019-01: no accepted files, nothing to close"), (empty.Exit, empty.Out.Trim()));
    }
}
