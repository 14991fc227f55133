using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Adapters.Publish;
using Pipeline.Core.Publish;
using Pipeline.Core.Figures;
using Pipeline.Core.Summary;
using Pipeline.Core.Submissions;
using Pipeline.Functions.Publish;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.ServiceBus;
using Pipeline.IntegrationTests.Storage;
using Pipeline.Testing.ServiceBus;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Publish;

public sealed class SummaryPublishingTests(StorageTestEnvironment storage, ServiceBusTestEnvironment bus)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Roster(int compounds, string street = "清源街道") =>
        Csv([RosterHeader, .. Enumerable.Range(0, compounds).Select(i => $"{street},枣园社区,小区{i},是,专业物业,业委会,是")]);

    private static PipelineHarness Harness(StorageTestEnvironment storage, string connection, string topic, TimeProvider? clock = null) =>
        new(storage, new()
        {
            ["ServiceBus"] = connection,
            ["Pipeline:SummaryEntity"] = topic,
            ["Pipeline:ServiceBusMaxRetries"] = "1",
            ["Pipeline:ServiceBusTryTimeoutSeconds"] = "5",
        }, clock);

    private static async Task<List<ServiceBusReceivedMessage>> ReceiveAllAsync(ServiceBusClient client, string topic, string subscription, int expected)
    {
        await using var receiver = client.CreateReceiver(topic, subscription, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var messages = new List<ServiceBusReceivedMessage>();
        while (messages.Count < expected && await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct) is { } message)
        {
            messages.Add(message);
        }

        // Anything beyond what was expected would be a duplicate: wait briefly for it.
        if (await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500), Ct) is { } extra)
        {
            messages.Add(extra);
        }

        return messages;
    }

    [Fact]
    public async Task An_ingest_publishes_the_monthly_summary_with_the_message_contract()
    {
        var topic = await bus.CreateTopicAsync("summaries", ("all", SummaryFilters.V2));
        await using var harness = Harness(storage, bus.ConnectionString, topic);
        await using var client = bus.CreateClient();

        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Roster(3));

        var message = Assert.Single(await ReceiveAllAsync(client, topic, "all", 1));
        Assert.Equal("governance-summary:110115:2020-12:monthly:r1", message.MessageId);
        Assert.Equal(("summary.monthly", "application/json"), (message.Subject, message.ContentType));
        Assert.Equal("governance-summary/v2", message.ApplicationProperties["schema"]);
        Assert.Equal(("2020-12", "monthly", "110115", 1L),
            (message.ApplicationProperties["period"], message.ApplicationProperties["kind"], message.ApplicationProperties["districtCode"], message.ApplicationProperties["revision"]));
        var document = SummaryJson.Deserialize(message.Body.ToArray());
        Assert.Equal((1L, 3L), (document.Revision, document.District.Property!.Compounds));
        var report = await harness.Storage.Web.GetBlobClient("reports/2020-12/summary.json").DownloadContentAsync(Ct);
        Assert.Equal(message.Body.ToArray(), report.Value.Content.ToArray());
    }

    [Fact]
    public async Task A_redelivered_file_publishes_nothing_new_and_a_new_revision_gets_a_new_id()
    {
        var topic = await bus.CreateTopicAsync("summaries", new EntityOptions(RequiresDuplicateDetection: true), ("all", SummaryFilters.V2));
        await using var harness = Harness(storage, bus.ConnectionString, topic);
        await using var client = bus.CreateClient();

        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Roster(3));
        await harness.Processing.ProcessAsync("2020-12/清源街道.csv", cancellationToken: Ct);
        await harness.UploadAndProcessAsync("2020-12/清源街道-更正.csv", Roster(4));

        var messages = await ReceiveAllAsync(client, topic, "all", 2);
        Assert.Equal(["governance-summary:110115:2020-12:monthly:r1", "governance-summary:110115:2020-12:monthly:r2"], messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task The_v3_summary_goes_beside_v2_with_the_same_revision_and_figures_until_v2_is_switched_off()
    {
        var topic = await bus.CreateTopicAsync("versions", new EntityOptions(RequiresDuplicateDetection: true), ("v2", SummaryFilters.V2), ("v3", SummaryFilters.V3));
        await using var harness = Harness(storage, bus.ConnectionString, topic);
        await using var client = bus.CreateClient();

        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Roster(3));

        var v2 = Assert.Single(await ReceiveAllAsync(client, topic, "v2", 1));
        var v3 = Assert.Single(await ReceiveAllAsync(client, topic, "v3", 1));
        Assert.Equal(("governance-summary-v3:110115:2020-12:monthly:r1:c1", "summary.monthly", 1L), (v3.MessageId, v3.Subject, (long)v3.ApplicationProperties["revision"]));
        var two = SummaryJson.Deserialize(v2.Body.ToArray());
        var three = SummaryJson.DeserializeFigures(v3.Body.ToArray());
        var street = three.Streets.Single(s => s.Code == "110115003000");
        Assert.Equal(two.Streets.Single(s => s.Code == "110115003000").Property!.Compounds, (long)street.Forms["CompoundRoster"].Measures["compounds"]);
        Assert.Equal(two.District.Property!.PropertyServiceRate, three.District.Indicators[Indicators.PropertyServiceRate].Value);
        Assert.Equal(("1", two.Revision), (three.Catalog.Version, three.Revision));
        Assert.Equal(SummaryJson.Serialize(three), await ReportWriterTests.ReadAsync(harness, "reports/2020-12/summary.v3.json"));

        // The district has moved its subscribers: v2 is switched off, v3 goes on alone.
        var settings = harness.Settings.ToDictionary();
        settings["Pipeline:PublishSummaryV2"] = "false";
        await using var v3Only = new PipelineHarness(storage, settings);
        await v3Only.UploadAndProcessAsync("2020-12/兴丰街道.csv", Csv(RosterHeader, "兴丰街道,丽园社区,丽园小区,是,专业物业,业委会,是"));

        Assert.Empty(await ReceiveAllAsync(client, topic, "v2", 0));
        Assert.Equal(2L, (long)Assert.Single(await ReceiveAllAsync(client, topic, "v3", 1)).ApplicationProperties["revision"]);
    }

    [Fact]
    public async Task Summaries_survive_a_broker_outage_in_the_outbox_and_are_delivered_oldest_first_when_it_is_back()
    {
        await using var broker = await ServiceBusTestBroker.StartAsync(cancellationToken: Ct);
        broker.CreateTopic("summaries");
        broker.CreateSubscription("summaries", "all", SummaryFilters.V2);
        await using var harness = Harness(storage, broker.ConnectionString, "summaries");
        await broker.StopAsync();

        var first = await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Roster(3));
        var second = await harness.UploadAndProcessAsync("2020-11/清源街道.csv", Roster(2));

        Assert.Equal(Core.Ingest.ReceiptStatus.Accepted, first.Ingest.Receipt.Status);
        Assert.Equal(Core.Ingest.ReceiptStatus.Accepted, second.Ingest.Receipt.Status);
        // November's figures are December's previous period: December moves on to revision 2 as well. Each as v2 and v3.
        var outbox = harness.Services.GetRequiredService<SummaryOutbox>();
        Assert.Equal(6, (await outbox.PendingAsync(Ct)).Count);

        await broker.RestartAsync();
        var sent = await harness.Services.GetRequiredService<SummaryPublisher>().FlushAsync(Ct);

        Assert.Equal(6, sent);
        Assert.Empty(await outbox.PendingAsync(Ct));
        await using var client = new ServiceBusClient(broker.ConnectionString);
        var messages = await ReceiveAllAsync(client, "summaries", "all", 3);
        Assert.Equal([("2020-12", 1L), ("2020-11", 1L), ("2020-12", 2L)],
            messages.Select(m => ((string)m.ApplicationProperties["period"], (long)m.ApplicationProperties["revision"])));
    }

    [Fact]
    public async Task A_summary_over_the_entitys_size_limit_goes_as_a_claim_check()
    {
        // A Standard namespace's limit is fixed at 256 KB; only the local broker can be given a small one.
        Assert.SkipUnless(bus.IsEmulated, "Needs an entity with a small maximum message size (local broker or Premium).");
        var topic = await bus.CreateTopicAsync("small", new EntityOptions(MaxMessageSizeBytes: 4096), ("all", SummaryFilters.V2));
        await using var harness = Harness(storage, bus.ConnectionString, topic);
        await using var client = bus.CreateClient();

        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Roster(3));

        var message = Assert.Single(await ReceiveAllAsync(client, topic, "all", 1));
        Assert.Equal(0, message.Body.ToMemory().Length);
        Assert.Equal(("summary.monthly", 1L), (message.Subject, message.ApplicationProperties["revision"]));
        var blobUri = new Uri((string)message.ApplicationProperties[SummaryPublisher.BlobUriProperty]);
        var blobName = string.Join('/', blobUri.AbsolutePath.Split('/').Skip(3));
        var stored = await harness.Storage.Summaries.GetBlobClient(blobName).DownloadContentAsync(Ct);
        Assert.True(stored.Value.Content.ToMemory().Length > 4096);
        Assert.Equal(3, SummaryJson.Deserialize(stored.Value.Content.ToArray()).District.Property!.Compounds);
    }

    [Fact]
    public async Task The_daily_timer_run_past_due_publishes_once_and_a_daily_only_subscription_sees_only_daily_summaries()
    {
        var topic = await bus.CreateTopicAsync("daily", ("dashboard", null), ("daily-only", SummaryFilters.Schema(SummaryDocument.SchemaName, SummaryMessage.DailySubject)));
        var clock = new FakeTimeProvider(new DateTimeOffset(2020, 12, 16, 2, 0, 0, TimeSpan.Zero));
        await using var harness = Harness(storage, bus.ConnectionString, topic, clock);
        await using var client = bus.CreateClient();
        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Roster(3));
        await harness.UploadAndProcessAsync("2020-12/兴丰街道.csv", Csv("街道,社区,小区名称,是否有物业", "兴丰街道,丽园社区,丽园小区,也许"));

        var function = new DailySummary(harness.Services.GetRequiredService<DailyRun>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<DailySummary>.Instance);

        // 2020-12-17 01:00 Beijing: the usual run, with the digest of the 16th.
        clock.SetUtcNow(new DateTimeOffset(2020, 12, 16, 17, 0, 0, TimeSpan.Zero));
        await function.RunAsync(new TimerInfo(), Ct);
        // The app is then down for two days; the next trigger, on 2020-12-20 01:00, is past due and runs once.
        clock.SetUtcNow(new DateTimeOffset(2020, 12, 19, 17, 0, 0, TimeSpan.Zero));
        await function.RunAsync(new TimerInfo { IsPastDue = true }, Ct);

        // The dashboard takes everything: the 2020-11 reminders (its deadline passed, nobody reported) come too.
        // Summaries come as v2 and v3 while both are published.
        var dashboard = await ReceiveAllAsync(client, topic, "dashboard", 8);
        var dailyOnly = await ReceiveAllAsync(client, topic, "daily-only", 2);
        Assert.Equal(["summary.monthly", "summary.daily", "summary.daily"],
            dashboard.Where(m => m.ApplicationProperties.TryGetValue("schema", out var schema) && (string)schema == SummaryDocument.SchemaName).Select(m => m.Subject));
        Assert.Equal(["summary.monthly", "summary.daily", "summary.daily"],
            dashboard.Where(m => m.ApplicationProperties.TryGetValue("schema", out var schema) && (string)schema == FiguresSummary.SchemaName).Select(m => m.Subject));
        Assert.Equal(["submission-overdue:110115:2020-11:2020-12-17", "submission-overdue:110115:2020-11:2020-12-20"],
            dashboard.Where(m => m.Subject == OverdueReminder.Subject).Select(m => m.MessageId));
        Assert.Equal(["governance-summary:110115:2020-12:daily:r1:2020-12-17", "governance-summary:110115:2020-12:daily:r1:2020-12-20"],
            dailyOnly.Select(m => m.MessageId));
        Assert.Equal("daily", SummaryJson.Deserialize(dailyOnly[1].Body.ToArray()).Kind);

        var sixteenth = await DigestAsync(harness, "2020-12-16");
        Assert.Equal((1, 1), (sixteenth.GetProperty("filesAccepted").GetInt32(), sixteenth.GetProperty("filesRejected").GetInt32()));
        var street = sixteenth.GetProperty("streets").EnumerateArray().Single(s => s.GetProperty("code").GetString() == "110115003000");
        Assert.Equal(("清源街道", 1), (street.GetProperty("name").GetString(), street.GetProperty("accepted").GetInt32()));
        var nineteenth = await DigestAsync(harness, "2020-12-19");
        Assert.Equal((0, 0), (nineteenth.GetProperty("filesAccepted").GetInt32(), nineteenth.GetProperty("filesRejected").GetInt32()));
    }

    private static async Task<System.Text.Json.JsonElement> DigestAsync(PipelineHarness harness, string date) =>
        System.Text.Json.JsonDocument.Parse((await harness.Storage.Web.GetBlobClient($"reports/daily/{date}.json").DownloadContentAsync(Ct)).Value.Content).RootElement;
}
