using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Adapters.Publish;
using Pipeline.Adapters.Submissions;
using Pipeline.Core;
using Pipeline.Core.Model;
using Pipeline.Core.Submissions;
using Pipeline.IntegrationTests.Cli;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.ServiceBus;
using Pipeline.IntegrationTests.Storage;
using Pipeline.Testing.ServiceBus;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Submissions;

/// <summary>
/// A month of the cycle against Azurite and the broker, with a fake clock: submissions on time, a refusal and its
/// correction, the deadline passing, daily reminders while anything is missing and none once everyone has reported,
/// and a submission after the deadline (逾期已报) that leaves the next reminder; <c>status.json</c> agrees with the
/// ledger at every step.
/// </summary>
public sealed class SubmissionCycleTests(StorageTestEnvironment storage, ServiceBusTestEnvironment bus)
{
    private const string Qingyuan = "110115003000";
    private const string Xingfeng = "110115001000";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<StatusDocument> PublishedAsync(PipelineHarness harness, string period)
    {
        var json = (await harness.Storage.Web.GetBlobClient(StatusWriter.PathOf(period)).DownloadContentAsync(Ct)).Value.Content.ToArray();
        var published = JsonSerializer.Deserialize<StatusDocument>(json, ReadableJson.Options)!;
        var ledger = StatusDocument.From(await harness.Services.GetRequiredService<SubmissionsReader>().ReadAsync(period, Ct));
        Assert.Equal(JsonSerializer.Serialize(ledger, ReadableJson.Options), JsonSerializer.Serialize(published, ReadableJson.Options));
        return published;
    }

    private static string StatusOf(StatusDocument status, string street, string obligation) =>
        status.Submissions.Single(s => s.StreetCode == street && s.Obligation == obligation).Status;

    [Fact]
    public async Task A_month_from_nothing_to_everyone_reported()
    {
        // Upload times are storage's (real) clock, so the month is the real current one, due on the 5th of the next.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var period = Periods.Of(clock.GetUtcNow());
        var topic = await bus.CreateTopicAsync("cycle", ("reminders", new SubscriptionFilter(Subject: OverdueReminder.Subject)));
        await using var harness = PipelineHarness.WithBroker(storage, bus, topic, clock);
        await using var client = bus.CreateClient();
        await using var receiver = client.CreateReceiver(topic, "reminders", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var daily = harness.Services.GetRequiredService<DailyRun>();

        await harness.UploadAndProcessAsync($"{Qingyuan}/{period}/清源-台账.csv", Csv(RosterHeader, "清源街道,某社区,甲,是,专业物业,业委会,是"));
        var first = await PublishedAsync(harness, period);
        Assert.Equal("on-time", StatusOf(first, Qingyuan, "CompoundRoster"));
        Assert.Equal("not-submitted", StatusOf(first, Xingfeng, "CompoundRoster"));
        Assert.Equal(1.0 / 44, first.SubmissionRate);

        await harness.UploadAndProcessAsync($"{Xingfeng}/{period}/兴丰-台账.csv", Csv(RosterHeader, "兴丰街道,某社区,乙,也许,专业物业,业委会,是"));
        var refused = await PublishedAsync(harness, period);
        Assert.Equal("refused", StatusOf(refused, Xingfeng, "CompoundRoster"));
        var attempt = Assert.Single(refused.Submissions.Single(s => s.StreetCode == Xingfeng && s.Obligation == "CompoundRoster").Refused);
        Assert.Equal($"results/{Xingfeng}/{period}/兴丰-台账.csv.findings.csv", attempt.FindingsReport);

        await harness.UploadAndProcessAsync($"{Xingfeng}/{period}/兴丰-台账-改.csv", Csv(RosterHeader, "兴丰街道,某社区,乙,是,专业物业,业委会,是"));
        await harness.UploadAndProcessAsync($"110115/{period}/12345.csv", Csv(TicketHeader,
            $"T1,{period}-01 08:00,漏水,清源街道,某社区,是,是,是,满意", $"T2,{period}-01 09:00,噪音,兴丰街道,某社区,是,是,否,不满意"));
        var corrected = await PublishedAsync(harness, period);
        Assert.Equal("on-time", StatusOf(corrected, Xingfeng, "CompoundRoster"));
        Assert.Equal("on-time", StatusOf(corrected, Xingfeng, "AppealCounts|TicketExport"));
        Assert.Equal(4.0 / 44, corrected.SubmissionRate);
        Assert.Empty(corrected.Overdue);

        // The first daily run after the deadline: 40 submissions overdue, one reminder.
        var deadline = SubmissionRules.Default.DeadlineOf(period);
        clock.SetUtcNow(deadline.AddHours(1));
        var day1 = await daily.RunAsync(Ct);
        var overdue = await PublishedAsync(harness, period);
        Assert.Equal(40, overdue.Overdue.Count);
        Assert.Equal("overdue", StatusOf(overdue, "110115002000", "CompoundRoster"));
        var reminder = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.NotNull(reminder);
        Assert.Equal(($"submission-overdue:110115:{period}:{day1.Day:yyyy-MM-dd}", 40, period), (reminder.MessageId, (int)reminder.ApplicationProperties["overdueCount"], (string)reminder.ApplicationProperties["period"]));
        Assert.Contains("逾期未报", reminder.Body.ToString());
        Assert.Contains("林校路街道", reminder.Body.ToString());
        Assert.DoesNotContain("清源街道", reminder.Body.ToString());

        // Every day while anything is missing.
        clock.Advance(TimeSpan.FromDays(1));
        await daily.RunAsync(Ct);
        Assert.EndsWith($":{DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime):yyyy-MM-dd}",
            (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct))!.MessageId);

        // Everyone else reports (a district roster and a district export); the next run reminds nobody.
        var registry = Core.Divisions.DivisionRegistry.Builtin("110115")!;
        var others = registry.Streets.Where(s => s.Code is not (Qingyuan or Xingfeng)).ToList();
        await harness.UploadAndProcessAsync($"110115/{period}/全区台账.csv", Csv([RosterHeader, .. others.Select(s => $"{s.Name},某社区,丙,是,专业物业,业委会,是")]));
        await harness.UploadAndProcessAsync($"110115/{period}/12345-补.csv", Csv([TicketHeader, .. others.Select((s, i) => $"U{i},{period}-02 08:00,漏水,{s.Name},某社区,是,是,是,满意")]));
        clock.Advance(TimeSpan.FromDays(1));
        var last = await daily.RunAsync(Ct);
        Assert.Empty(last.Reminders);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Ct));
        var complete = await PublishedAsync(harness, period);
        Assert.Equal(1.0, complete.SubmissionRate);
        Assert.Empty(complete.Overdue);
    }

    [Fact]
    public async Task A_submission_after_the_deadline_is_late_and_leaves_the_next_reminder()
    {
        // Late means uploaded after the deadline by storage's clock: the latest month whose deadline passed in real
        // time, with the app's clock an hour past that deadline, so the daily run still looks after the month.
        var period = Periods.Of(DateTimeOffset.UtcNow);
        while (SubmissionRules.Default.DeadlineOf(period) > DateTimeOffset.UtcNow)
        {
            period = Periods.Previous(period);
        }

        var clock = new FakeTimeProvider(SubmissionRules.Default.DeadlineOf(period).AddHours(1));
        var topic = await bus.CreateTopicAsync("late", ("reminders", new SubscriptionFilter(Subject: OverdueReminder.Subject)));
        await using var harness = PipelineHarness.WithBroker(storage, bus, topic, clock);
        await using var client = bus.CreateClient();
        await using var receiver = client.CreateReceiver(topic, "reminders", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var daily = harness.Services.GetRequiredService<DailyRun>();

        await daily.RunAsync(Ct);
        var before = await PublishedAsync(harness, period);
        Assert.Equal(44, before.Overdue.Count);
        Assert.Contains("清源街道", (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct))!.Body.ToString());

        await harness.UploadAndProcessAsync($"{Qingyuan}/{period}/清源-台账.csv", Csv(RosterHeader, "清源街道,某社区,甲,是,专业物业,业委会,是"));
        var late = await PublishedAsync(harness, period);
        Assert.Equal("late", StatusOf(late, Qingyuan, "CompoundRoster"));
        Assert.True(late.Submissions.Single(s => s.StreetCode == Qingyuan && s.Obligation == "CompoundRoster").Accepted!.UploadedAt > late.Deadline);
        Assert.Equal(43, late.Overdue.Count);

        await harness.UploadAndProcessAsync($"{Qingyuan}/{period}/清源-台账-改.csv", Csv(RosterHeader, "清源街道,某社区,甲,否,专业物业,业委会,是"));
        Assert.Equal("corrected", StatusOf(await PublishedAsync(harness, period), Qingyuan, "CompoundRoster"));

        clock.Advance(TimeSpan.FromDays(1));
        var next = await daily.RunAsync(Ct);
        var reminder = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct))!;
        Assert.Equal(43, (int)reminder.ApplicationProperties["overdueCount"]);
        Assert.Contains("清源街道", reminder.Body.ToString()); // its counts are still missing
        Assert.Equal(43, next.Reminders.Single(r => r.Period == period).OverdueCount);
    }

    [Fact]
    public async Task The_status_verb_prints_the_ledger_and_the_figures_as_one_json_object_without_Service_Bus()
    {
        await using var harness = new PipelineHarness(storage);
        var period = Periods.Of(DateTimeOffset.UtcNow);
        await harness.UploadAndProcessAsync($"{Qingyuan}/{period}/清源-台账.csv", Csv(RosterHeader, "清源街道,某社区,甲,是,专业物业,业委会,是"));
        var environment = harness.Environment();
        environment.Remove("ServiceBus");

        var (exit, output, error) = await CliProcess.RunAsync(environment, "status", "--period", period, "--json");
        var (textExit, text, _) = await CliProcess.RunAsync(environment, "status", "--period", period);

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(period, json.RootElement.GetProperty("period").GetString());
        Assert.Equal(44, json.RootElement.GetProperty("submissions").GetArrayLength());
        Assert.Equal("governance-summary/v2", json.RootElement.GetProperty("summary").GetProperty("schema").GetString());
        Assert.Equal(0, textExit);
        Assert.Contains("报送率 2.3%", text);
        Assert.Contains("清源街道", text);
    }
}
