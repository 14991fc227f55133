using System.Text;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Adapters.Closing;
using Pipeline.Adapters.Submissions;
using Pipeline.Core;
using Pipeline.Core.Submissions;
using Pipeline.IntegrationTests.Cli;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.ServiceBus;
using Pipeline.IntegrationTests.Storage;
using Pipeline.Testing.ServiceBus;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Submissions;

/// <summary>
/// 审核退回 against Azurite and the broker: a return shows as 已退回 (人工) with its reason in status.json and on the
/// page, sends one <c>submission.returned</c> message however often it runs, blocks the close until the street
/// uploads again or the district forces it with a note, survives the topic being down, and holds under concurrency.
/// </summary>
public sealed class SubmissionReturnTests(StorageTestEnvironment storage, ServiceBusTestEnvironment bus)
{
    private const string Period = "2020-12";
    private const string Qingyuan = "110115003000";
    private const string Xingfeng = "110115001000";
    private static readonly Obligation Roster = Obligation.Parse("CompoundRoster");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<StatusDocument> StatusAsync(PipelineHarness harness) =>
        JsonSerializer.Deserialize<StatusDocument>(await Publish.ReportWriterTests.ReadAsync(harness, StatusWriter.PathOf(Period)), ReadableJson.Options)!;

    private static StatusEntry Entry(StatusDocument status, string street) =>
        status.Submissions.Single(s => s.StreetCode == street && s.Obligation == Roster.Key);

    private async Task<string> TopicAsync(string prefix) =>
        await bus.CreateTopicAsync(prefix, new EntityOptions(RequiresDuplicateDetection: true), ("returns", new SubscriptionFilter(Subject: ReturnNotice.Subject)));

    [Fact]
    public async Task A_return_is_shown_announced_once_blocks_the_close_and_the_next_upload_resolves_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var topic = await TopicAsync("return");
        await using var harness = WithBroker(storage, bus, topic, clock);
        await using var client = bus.CreateClient();
        await using var receiver = client.CreateReceiver(topic, "returns", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var returns = harness.Services.GetRequiredService<SubmissionReturns>();
        var closer = harness.Services.GetRequiredService<PeriodCloser>();
        await harness.UploadAndProcessAsync($"{Period}/清源街道.csv", RosterCsv("清源街道", 3));
        await harness.UploadAndProcessAsync($"{Period}/兴丰街道.csv", RosterCsv("兴丰街道", 2));
        var before = await StatusAsync(harness);

        var returned = await returns.ReturnAsync(Period, Qingyuan, Roster, "第3行小区户数有误，请核实", Ct);

        Assert.Equal((ReviewResult.Recorded, true, $"{Period}/清源街道.csv"), (returned.Result, returned.NoticeSent, returned.Returned!.File));
        var status = await StatusAsync(harness);
        var entry = Entry(status, Qingyuan);
        Assert.Equal(("returned-by-district", "已退回 (人工)"), (entry.Status, entry.StatusLabel));
        Assert.Equal(new ReturnEntry($"{Period}/清源街道.csv", "第3行小区户数有误，请核实", clock.GetUtcNow()), entry.Returned);
        Assert.True(status.SubmissionRate < before.SubmissionRate, "a returned submission no longer counts as submitted");
        var page = Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, $"reports/{Period}/status.html"));
        Assert.Contains("第3行小区户数有误，请核实", page, StringComparison.Ordinal);
        Assert.Contains("data-status=\"returned-by-district\"", page, StringComparison.Ordinal);
        // The returned rows stay in the provisional figures until replaced.
        Assert.Equal(5, (await harness.Summaries.ReadAsync(Period, Core.Summary.SummaryDocument.Monthly, Ct)).District.Property!.Compounds);

        var message = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct))!;
        Assert.Equal((ReturnNotice.Subject, Period, Qingyuan), (message.Subject, (string)message.ApplicationProperties["period"], (string)message.ApplicationProperties["streetCode"]));
        var body = JsonSerializer.Deserialize<ReturnNoticeBody>(message.Body.ToArray(), ReadableJson.Options)!;
        Assert.Equal((Period, Qingyuan, "清源街道", "CompoundRoster", "第3行小区户数有误，请核实", $"{Period}/清源街道.csv"),
            (body.Period, body.StreetCode, body.StreetName, body.Obligation, body.Reason, body.File));
        Assert.Contains("请更正后重新上报", body.Text, StringComparison.Ordinal);

        // Run again (a retry, a redelivered command): nothing new recorded, the same message dropped as a duplicate.
        var again = await returns.ReturnAsync(Period, Qingyuan, Roster, "另一个原因", Ct);
        Assert.Equal((ReviewResult.AlreadyRecorded, "第3行小区户数有误，请核实"), (again.Result, again.Returned!.Reason));
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Ct));

        // Two reviewers at once return the same submission: one return is recorded, once.
        var racing = await Task.WhenAll(
            Task.Run(() => returns.ReturnAsync(Period, Xingfeng, Roster, "甲", Ct)), Task.Run(() => returns.ReturnAsync(Period, Xingfeng, Roster, "乙", Ct)));
        Assert.Equal([ReviewResult.Recorded, ReviewResult.AlreadyRecorded], racing.Select(r => r.Result).Order());
        Assert.Single((await harness.Slices.ReadManifestAsync(Period, Ct)).Review.Returns, r => r.StreetCode == Xingfeng);
        Assert.NotNull(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Ct));

        // The close waits for both streets.
        var refused = await closer.CloseAsync(Period, null, Ct);
        Assert.Equal(ClosingResult.Returned, refused.Result);
        Assert.Equal(2, refused.OpenReturns.Count);
        Assert.False((await harness.Slices.ReadManifestAsync(Period, Ct)).Closing.IsClosed);

        // 清源's next accepted upload resolves its return; 兴丰's still stands.
        await harness.UploadAndProcessAsync($"{Period}/清源街道-更正.csv", RosterCsv("清源街道", 4));
        var resolved = await StatusAsync(harness);
        Assert.Equal(("corrected", null), (Entry(resolved, Qingyuan).Status, Entry(resolved, Qingyuan).Returned));
        Assert.Equal("returned-by-district", Entry(resolved, Xingfeng).Status);
        var stillRefused = await closer.CloseAsync(Period, null, Ct);
        Assert.Equal([$"兴丰街道 小区物业台账: {racing.Single(r => r.Result == ReviewResult.Recorded).Returned!.Reason}"], stillRefused.OpenReturns);

        // Forced, with a note: closed, and the version history says over what.
        var forced = await closer.CloseAsync(Period, "兴丰街道逾期未改，按原数据封账", Ct, force: true);
        Assert.Equal(ClosingResult.Changed, forced.Result);
        Assert.Equal(["兴丰街道 小区物业台账: " + stillRefused.OpenReturns[0].Split(": ")[1]], forced.Closing.Events[^1].OverReturns);
        var report = Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, $"reports/{Period}/index.html"));
        Assert.Contains("兴丰街道逾期未改，按原数据封账（强制封账，未处理的退回 Closed over returned: 兴丰街道 小区物业台账", report, StringComparison.Ordinal);

        // A closed period returns nothing.
        Assert.Equal(ReviewResult.PeriodClosed, (await returns.ReturnAsync(Period, Xingfeng, Roster, "再退", Ct)).Result);
    }

    [Fact]
    public async Task A_return_recorded_while_the_topic_is_down_is_announced_when_run_again()
    {
        var topic = await TopicAsync("return-down");
        // Nothing listens where this harness sends: the return is recorded, its message is not.
        await using var down = new PipelineHarness(storage);
        await down.UploadAndProcessAsync($"{Period}/清源街道.csv", RosterCsv("清源街道", 3));

        var first = await down.Services.GetRequiredService<SubmissionReturns>().ReturnAsync(Period, Qingyuan, Roster, "请补充党组织覆盖", Ct);

        Assert.Equal((ReviewResult.Recorded, false), (first.Result, first.NoticeSent));
        Assert.Equal("returned-by-district", Entry(await StatusAsync(down), Qingyuan).Status);

        // The same storage with the broker up: running the return again sends the message it owes.
        var settings = down.Settings.ToDictionary();
        settings["ServiceBus"] = bus.ConnectionString;
        settings["Pipeline:SummaryEntity"] = topic;
        await using var up = new PipelineHarness(storage, settings);
        await using var client = bus.CreateClient();
        await using var receiver = client.CreateReceiver(topic, "returns", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var second = await up.Services.GetRequiredService<SubmissionReturns>().ReturnAsync(Period, Qingyuan, Roster, "请补充党组织覆盖", Ct);

        Assert.Equal((ReviewResult.AlreadyRecorded, true), (second.Result, second.NoticeSent));
        var message = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct))!;
        Assert.Equal(first.Returned!.At, JsonSerializer.Deserialize<ReturnNoticeBody>(message.Body.ToArray(), ReadableJson.Options)!.ReturnedAt);
    }

    [Fact]
    public async Task The_return_and_close_verbs_say_what_they_did_and_refuse_what_they_cannot_do()
    {
        var topic = await TopicAsync("return-cli");
        await using var harness = WithBroker(storage, bus, topic);
        await harness.UploadAndProcessAsync($"{Period}/清源街道.csv", RosterCsv("清源街道", 3));
        var environment = harness.Environment();

        var returned = await CliProcess.RunAsync(environment, "return", "--period", Period, "--street", "清源街道", "--obligation", "小区物业台账", "--reason", "户数有误");
        var nothing = await CliProcess.RunAsync(environment, "return", "--period", Period, "--street", "兴丰街道", "--obligation", "CompoundRoster", "--reason", "无");
        var unknown = await CliProcess.RunAsync(environment, "return", "--period", Period, "--street", "清源街道", "--obligation", "Budget", "--reason", "无");
        var status = await CliProcess.RunAsync(environment, "status", "--period", Period);
        var close = await CliProcess.RunAsync(environment, "close", "--period", Period);
        var forceWithoutNote = await CliProcess.RunAsync(environment, "close", "--period", Period, "--force");
        var forced = await CliProcess.RunAsync(environment, "close", "--period", Period, "--force", "--note", "按原数据封账");

        Assert.True(returned.Exit == 0, returned.Error + returned.Out);
        Assert.Matches($@"^{Period} 清源街道 小区物业台账: {Period}/清源街道.csv returned \(已退回 \(人工\)\) at .+ Beijing time; .+\r?\n$", returned.Out);
        Assert.Equal((2, $"{Period} 兴丰街道 小区物业台账: no accepted file stands, nothing to return"), (nothing.Exit, nothing.Out.Trim()));
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("--obligation 'Budget' is not owed", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("已退回 (人工)", status.Out, StringComparison.Ordinal);
        Assert.Contains("returned ", status.Out, StringComparison.Ordinal);
        Assert.Contains(": 户数有误", status.Out, StringComparison.Ordinal);
        Assert.Equal(2, close.Exit);
        Assert.StartsWith($"{Period}: not closed: 1 returned submission(s) stand (清源街道 小区物业台账: 户数有误)", close.Out, StringComparison.Ordinal);
        Assert.Equal(2, forceWithoutNote.Exit);
        Assert.Contains("close --force needs --note TEXT", forceWithoutNote.Error, StringComparison.Ordinal);
        Assert.True(forced.Exit == 0, forced.Error);
        Assert.Contains("over 1 returned submission(s)", forced.Out, StringComparison.Ordinal);
    }
}
