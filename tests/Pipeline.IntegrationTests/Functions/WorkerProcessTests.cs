using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Ingest;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.FunctionsHost;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.ServiceBus;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Functions;

/// <summary>
/// The built functions app as Azure runs it: its own process, started and driven over the Functions gRPC protocol by
/// the host stand-in, its blob trigger's <c>BlobClient</c> built by the worker's own converter, against Azurite and
/// the broker.
/// </summary>
[Collection(nameof(TriggerContainerCollection))]
public sealed class WorkerProcessTests(StorageTestEnvironment storage, ServiceBusTestEnvironment bus)
{
    /// <summary>The container the deployment uploads to; the uploads of these tests go there, under names of their own.</summary>
    private const string TriggerContainer = "uploads";

    private static readonly string AppDirectory = RepositoryPaths.Combine("functions", "Pipeline.Functions", "bin", RepositoryPaths.Configuration, "net10.0");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> AppSettings(PipelineHarness harness)
    {
        var settings = harness.Environment();
        settings["DailySummarySchedule"] = "0 0 17 * * *";
        return settings;
    }

    [Fact]
    public async Task The_worker_indexes_exactly_the_functions_of_functions_metadata()
    {
        await using var harness = new PipelineHarness(storage);
        await using var host = await FunctionsHostStandIn.StartAsync(AppDirectory, AppSettings(harness), Ct);

        using var metadata = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppDirectory, "functions.metadata"), Ct));
        var expected = metadata.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal(expected.Keys.Order(), host.Functions.Keys.Order());
        foreach (var (name, indexed) in host.Functions)
        {
            var declared = expected[name];
            Assert.Equal((declared.GetProperty("entryPoint").GetString(), declared.GetProperty("scriptFile").GetString()), (indexed.EntryPoint, indexed.ScriptFile));
            // The same bindings, with the same properties (deferred binding of the blob client); an empty property bag is no bag.
            var declaredBindings = declared.GetProperty("bindings").EnumerateArray().Select(b => JsonNode.Parse(b.GetRawText())!.AsObject()).ToList();
            Assert.Equal(declaredBindings.Select(Normalise).Order(), indexed.RawBindings.Select(b => Normalise(JsonNode.Parse(b)!.AsObject())).Order());
            foreach (var binding in declaredBindings)
            {
                var info = indexed.Bindings[binding["name"]!.GetValue<string>()];
                Assert.Equal(binding["type"]!.GetValue<string>(), info.Type, ignoreCase: true);
            }
        }

        Assert.Empty(host.Stream.ProtocolErrors);
    }

    [Theory]
    [InlineData("清源街道-小区物业台账.xlsx", "CompoundRoster")]
    [InlineData("诉求办理统计-林校路街道等.xlsx", "AppealCounts")]
    [InlineData("12345工单明细-2020年12月.xlsx", "TicketExport")]
    public async Task A_sample_upload_through_the_worker_is_ingested_recomputed_published_and_reported(string sample, string form)
    {
        var topic = await bus.CreateTopicAsync("worker", ("all", SummaryFilters.V2));
        await using var harness = WithBrokerAndTriggerContainer(topic);
        await using var host = await FunctionsHostStandIn.StartAsync(AppDirectory, AppSettings(harness), Ct);
        var name = $"2020-12/{Guid.NewGuid():N}/{sample}";
        await harness.UploadAsync(name, await File.ReadAllBytesAsync(RepositoryPaths.Combine("samples", "2020-12", sample), Ct));

        var invocation = await host.BlobCreatedAsync(TriggerContainer, name, cancellationToken: Ct);

        Assert.True(invocation.Succeeded, invocation.Response.Result.Exception?.Message);
        var receipt = Assert.Single(await harness.Services.GetRequiredService<ReceiptStore>().AllAsync(Ct));
        Assert.Equal((ReceiptStatus.Accepted, form), (receipt.Status, receipt.Form));
        Assert.True(receipt.Rows > 0);
        var district = await harness.Figures.ReadDistrictAsync("2020-12", Ct);
        Assert.True(district.Revision > 0);
        await using var client = bus.CreateClient();
        await using var receiver = client.CreateReceiver(topic, "all", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.NotNull(message);
        var published = Core.Summary.SummaryJson.Deserialize(message.Body.ToArray());
        Assert.Equal(("2020-12", district.Revision), (published.Period, published.Revision));
        Assert.Equal(published.Revision, Core.Summary.SummaryJson.Deserialize(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2020-12/summary.json")).Revision);
        // The app's own log lines reach the host on the event stream, tied to the invocation; no line of the app's
        // loggers is below the level host.json sets for its category (the SDKs' per-request lines are Information).
        // The worker's own system lines are the host's to file, under its categories.
        Assert.Contains(invocation.Logs, l => l.Category.StartsWith("Pipeline.", StringComparison.Ordinal) && l.Level >= RpcLog.Types.Level.Information);
        var levels = HostLogLevels.Read(AppDirectory);
        Assert.All(host.Stream.Logs.Where(l => l.LogCategory == RpcLog.Types.RpcLogCategory.User), l => Assert.True(levels.Keeps(l), $"{l.Level} {l.Category}: {l.Message}"));
        Assert.Empty(host.Stream.ProtocolErrors);
    }

    [Fact]
    public async Task A_form_added_by_a_catalog_upload_alone_is_read_measured_reported_owed_templated_and_trended_by_the_worker()
    {
        var topic = await bus.CreateTopicAsync("worker", ("all", SummaryFilters.V2));
        await using var harness = WithBrokerAndTriggerContainer(topic);
        await using var host = await FunctionsHostStandIn.StartAsync(AppDirectory, AppSettings(harness), Ct);
        var catalog = $"110115/forms/forms-{Guid.NewGuid():N}.json";
        // The district's catalog version adds the form and weighs its 督导覆盖率 into the score.
        await harness.UploadAsync(catalog, Forms.CatalogFormTests.WithGarbageSorting(coverageWeight: 0.5));
        var published = await host.BlobCreatedAsync(TriggerContainer, catalog, cancellationToken: Ct);
        Assert.True(published.Succeeded, published.Response.Result.Exception?.Message);
        var folder = $"2021-01/{Guid.NewGuid():N}";
        var counts = $"{folder}/清源街道-诉求.csv";
        await harness.UploadAsync(counts, Csv(CountsHeader, "清源街道,枣园社区,10,10,10,10,10,0,0"));
        Assert.True((await host.BlobCreatedAsync(TriggerContainer, counts, cancellationToken: Ct)).Succeeded);
        // A sheet its own row check refuses: a receipt with the check's finding, in the catalog's words.
        var refused = $"{folder}/清源街道-垃圾分类-错.csv";
        await harness.UploadAsync(refused, Forms.CatalogFormTests.Sorting("清源街道", 120));
        Assert.True((await host.BlobCreatedAsync(TriggerContainer, refused, cancellationToken: Ct)).Succeeded);
        var name = $"{folder}/清源街道-垃圾分类.csv";
        await harness.UploadAsync(name, Forms.CatalogFormTests.Sorting("清源街道", 80));

        var invocation = await host.BlobCreatedAsync(TriggerContainer, name, cancellationToken: Ct);

        Assert.True(invocation.Succeeded, invocation.Response.Result.Exception?.Message);
        var receipts = await harness.Services.GetRequiredService<ReceiptStore>().AllAsync(Ct);
        Assert.Equal((ReceiptStatus.Rejected, "GarbageSorting", 1), receipts.Where(r => r.File == refused).Select(r => (r.Status, r.Form, r.Findings)).Single());
        var findings = System.Text.Json.JsonDocument.Parse((await harness.Storage.Results.GetBlobClient($"{refused}.findings.json").DownloadContentAsync(Ct)).Value.Content);
        var finding = Assert.Single(findings.RootElement.EnumerateArray());
        Assert.Equal(("counts.exceeds", 2, "参与户数"), (finding.GetProperty("code").GetString(), finding.GetProperty("row").GetInt32(), finding.GetProperty("column").GetString()));
        Assert.StartsWith("参与户数 120 超过“户数” 100", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal((ReceiptStatus.Accepted, "GarbageSorting", 2), receipts.Where(r => r.File == name).Select(r => (r.Status, r.Form, r.Rows)).Single());
        var figures = Core.Summary.SummaryJson.DeserializeFigures(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-01/summary.v3.json"));
        Assert.Equal(0.5, figures.Streets.Single(s => s.Name == "清源街道").Indicators["supervisionCoverage"].Value);
        var page = System.Text.Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-01/index.html"));
        Assert.Contains("<section id=\"form-GarbageSorting\" class=\"catalog-form\">", page, StringComparison.Ordinal);
        Assert.NotEmpty(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-01/form-GarbageSorting.csv"));
        // The ranking shows the indicator the score weighs: 100 × (0.1 + 0.5 + 0.4 + 0.5 × 50 %) = 125, below its target.
        Assert.Matches("<tr data-code=\"110115003000\"><td class=\"rank\">1</td><th scope=\"row\" class=\"text street\">清源街道</th><td>125.00</td><td class=\"below\"[^>]*>▼ 50.00%</td>", page);
        // The status page owes it of every street, the index links its template, the trend page has its indicators.
        var status = System.Text.Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-01/status.html"));
        var owedCells = System.Text.RegularExpressions.Regex.Matches(status, "data-street=\"(\\d+)\" data-obligation=\"GarbageSorting\" data-status=\"([\\w-]+)\"")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(22, owedCells.Count);
        Assert.Single(owedCells, c => c.Value == owedCells["110115003000"]);
        var index = System.Text.Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, "reports/index.html"));
        Assert.Contains("<a href=\"templates/GarbageSorting.xlsx\">GarbageSorting.xlsx</a>", index, StringComparison.Ordinal);
        Assert.NotEmpty(await Publish.ReportWriterTests.ReadAsync(harness, "reports/templates/GarbageSorting.xlsx"));
        var trend = System.Text.Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-01/trend.html"));
        Assert.Contains("<table id=\"table-supervisionCoverage\"", trend, StringComparison.Ordinal);
        Assert.Empty(host.Stream.ProtocolErrors);
    }

    [Fact]
    public async Task With_Application_Insights_configured_the_worker_sends_its_logs_and_the_pipeline_metrics_to_the_ingestion_endpoint()
    {
        await using var ingestion = await IngestionEndpointStandIn.StartAsync(Ct);
        await using var harness = new PipelineHarness(storage, new() { ["Pipeline:UploadsContainer"] = TriggerContainer });
        var settings = AppSettings(harness);
        settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ingestion.ConnectionString;
        var host = await FunctionsHostStandIn.StartAsync(AppDirectory, settings, Ct);
        var name = $"2020-12/{Guid.NewGuid():N}/清源街道.csv";
        await harness.UploadAsync(name, Csv(RosterHeader, "清源街道,枣园社区,枣园小区,是,专业物业,业委会,是", "清源街道,枣园社区,康庄小区,否,,无,是"));

        var invocation = await host.BlobCreatedAsync(TriggerContainer, name, cancellationToken: Ct);
        // Metrics go out every minute and when the worker stops; stopping it as the host does flushes them.
        await host.DisposeAsync();

        Assert.True(invocation.Succeeded, invocation.Response.Result.Exception?.Message);
        var items = ingestion.Items;
        var files = items.Where(i => MetricName(i) == "pipeline.files").ToList();
        var accepted = Assert.Single(files);
        Assert.Equal(("CompoundRoster", "accepted", 1.0), (Property(accepted, "kind"), Property(accepted, "status"), (double)Metric(accepted)!["value"]!));
        Assert.Equal(2.0, (double)Metric(Assert.Single(items, i => MetricName(i) == "pipeline.rows.ingested"))!["value"]!);
        Assert.Contains(items, i => MetricName(i) == "pipeline.ingest.duration");
        Assert.Contains(items, i => MetricName(i) == "pipeline.outbox.depth");
        // The ingest's structured log line, with its fields as properties.
        var line = Assert.Single(items, i => Message(i)?.Contains(": Accepted: 2 row(s) of CompoundRoster", StringComparison.Ordinal) == true);
        Assert.Equal(name, Property(line, "File"));
        // The same line still reaches the host on the event stream.
        Assert.Contains(host.Stream.Logs, l => l.Message.Contains(": Accepted: 2 row(s) of CompoundRoster", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_file_is_rejected_with_a_receipt_and_its_invocation_succeeds_so_the_host_does_not_retry()
    {
        await using var harness = new PipelineHarness(storage, new() { ["Pipeline:UploadsContainer"] = TriggerContainer });
        await using var host = await FunctionsHostStandIn.StartAsync(AppDirectory, AppSettings(harness), Ct);
        var name = $"2020-12/{Guid.NewGuid():N}/清源街道.csv";
        await harness.UploadAsync(name, Csv(RosterHeader, "清源街道,枣园社区,枣园小区,也许,专业物业,业委会,是"));

        var invocation = await host.BlobCreatedAsync(TriggerContainer, name, cancellationToken: Ct);

        Assert.True(invocation.Succeeded, invocation.Response.Result.Exception?.Message);
        Assert.Equal(ReceiptStatus.Rejected, Assert.Single(await harness.Services.GetRequiredService<ReceiptStore>().AllAsync(Ct)).Status);
    }

    [Fact]
    public async Task A_storage_outage_fails_the_invocation_so_the_host_retries_it()
    {
        await using var harness = new PipelineHarness(storage, new() { ["Pipeline:UploadsContainer"] = TriggerContainer });
        var settings = AppSettings(harness);
        // Nothing listens on this port: every storage call of the worker fails as in an outage.
        settings["Storage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";
        await using var host = await FunctionsHostStandIn.StartAsync(AppDirectory, settings, Ct);
        var name = $"2020-12/{Guid.NewGuid():N}/清源街道.csv";

        var invocation = await host.BlobCreatedAsync(TriggerContainer, name, cancellationToken: Ct);

        Assert.False(invocation.Succeeded);
        Assert.Equal(StatusResult.Types.Status.Failure, invocation.Response.Result.Status);
    }

    [Fact]
    public async Task An_identity_based_connection_builds_the_blob_client_for_its_account_without_a_connection_string()
    {
        await using var harness = new PipelineHarness(storage, new() { ["Pipeline:UploadsContainer"] = TriggerContainer });
        var settings = AppSettings(harness);
        settings.Remove("Storage");
        // The form Azure uses: service URIs and a managed identity. There is no identity here, so the first call fails
        // when it asks for a token: after the worker's converter built the client for the right account.
        settings["Storage__blobServiceUri"] = "https://pipelinedata.blob.core.windows.net";
        settings["Storage__tableServiceUri"] = "https://pipelinedata.table.core.windows.net";
        settings["Storage__credential"] = "managedidentity";
        settings["Storage__clientId"] = Guid.NewGuid().ToString();
        settings["IDENTITY_ENDPOINT"] = "http://127.0.0.1:1/msi/token";
        settings["IDENTITY_HEADER"] = "stand-in";
        await using var host = await FunctionsHostStandIn.StartAsync(AppDirectory, settings, Ct);
        var name = $"2020-12/{Guid.NewGuid():N}/清源街道.csv";

        var invocation = await host.BlobCreatedAsync(TriggerContainer, name, cancellationToken: Ct);

        Assert.False(invocation.Succeeded);
        var failure = invocation.Response.Result.Exception.Message;
        Assert.DoesNotContain("connectionString", failure, StringComparison.Ordinal);
        Assert.Contains("ManagedIdentityCredential", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_setting_stops_the_worker_at_start_up_with_the_setting_named_in_its_log()
    {
        await using var harness = new PipelineHarness(storage);
        var settings = AppSettings(harness);
        settings.Remove("Storage");

        var failure = await Assert.ThrowsAsync<WorkerStartFailedException>(() => FunctionsHostStandIn.StartAsync(AppDirectory, settings, Ct));

        Assert.Contains("Storage", failure.WorkerOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_daily_timer_runs_the_daily_summary_on_time_and_past_due(bool pastDue)
    {
        await using var harness = new PipelineHarness(storage);
        await using var host = await FunctionsHostStandIn.StartAsync(AppDirectory, AppSettings(harness), Ct);
        var invocation = await host.TimerElapsedAsync(
            new DateTimeOffset(2026, 11, 29, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero), pastDue, Ct);

        Assert.True(invocation.Succeeded, invocation.Response.Result.Exception?.Message);
        var line = Assert.Single(invocation.Logs, l => l.Message.StartsWith("Daily summary for ", StringComparison.Ordinal));
        Assert.Equal(pastDue, line.Message.Contains("(past due)", StringComparison.Ordinal));
        Assert.Equal(RpcLog.Types.Level.Information, line.Level);
    }

    private PipelineHarness WithBrokerAndTriggerContainer(string topic) => new(storage, new()
    {
        ["ServiceBus"] = bus.ConnectionString,
        ["Pipeline:SummaryEntity"] = topic,
        ["Pipeline:ServiceBusMaxRetries"] = "1",
        ["Pipeline:UploadsContainer"] = TriggerContainer,
    });

    private static JsonNode? Metric(JsonObject item) => item["data"]?["baseData"]?["metrics"]?[0];

    private static string? MetricName(JsonObject item) => (string?)Metric(item)?["name"];

    private static string? Message(JsonObject item) => (string?)item["data"]?["baseData"]?["message"];

    private static string? Property(JsonObject item, string name) => (string?)item["data"]?["baseData"]?["properties"]?[name];

    /// <summary>Binding JSON compared without regard to property case or order (functions.metadata and the worker spell them differently).</summary>
    private static string Normalise(JsonNode? value) => value switch
    {
        JsonObject o => "{" + string.Join(",", o.Where(p => p.Value is not JsonObject { Count: 0 }).Select(p => $"{p.Key.ToLowerInvariant()}={Normalise(p.Value)}").Order()) + "}",
        null => "null",
        _ => value.ToJsonString().ToLowerInvariant(),
    };
}
