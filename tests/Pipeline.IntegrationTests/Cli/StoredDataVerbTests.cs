using Azure.Messaging.ServiceBus;
using Pipeline.Cli;
using Pipeline.IntegrationTests.ServiceBus;
using Pipeline.IntegrationTests.Storage;

namespace Pipeline.IntegrationTests.Cli;

/// <summary>Tests that set process environment variables, as an operator would: they run alone.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;

[Collection(nameof(EnvironmentCollection))]
public sealed class StoredDataVerbTests(StorageTestEnvironment storage, ServiceBusTestEnvironment bus)
{
    private static async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await PipelineCommand.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Ingest_recompute_and_publish_work_on_the_configured_accounts()
    {
        var topic = await bus.CreateTopicAsync("cli", ("all", SummaryFilters.V2));
        var id = Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string>
        {
            ["Storage"] = storage.ConnectionString,
            ["ServiceBus"] = bus.ConnectionString,
            ["Pipeline__SummaryEntity"] = topic,
            ["Pipeline__TablePrefix"] = $"C{id}",
            ["Pipeline__UploadsContainer"] = $"uploads-{id}",
            ["Pipeline__ResultsContainer"] = $"results-{id}",
            ["Pipeline__QuarantineContainer"] = $"quarantine-{id}",
            ["Pipeline__WebContainer"] = $"web-{id}",
            ["Pipeline__SummariesContainer"] = $"summaries-{id}",
        };
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "清源街道.csv");
        File.WriteAllText(file, "街道,社区,小区名称,是否有物业,业主组织,党组织覆盖\n清源街道,枣园社区,枣园小区,是,业委会,是\n");
        try
        {
            foreach (var (name, value) in settings)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            var ingest = await Run("ingest", file, "--period", "2020-12");
            var broken = Path.Combine(RepositoryPaths.Combine("samples"), "2020-12", "黄村地区-小区物业台账(有误).csv");
            var refused = await Run("ingest", broken, "--period", "2020-12");
            var refusedJson = await Run("ingest", broken, "--period", "2020-12", "--json");
            var recompute = await Run("recompute");
            var publish = await Run("publish", "--period", "2020-12");

            Assert.True(ingest.Exit == 0, ingest.Error);
            // A refused file says why under its verdict, and where the whole report is.
            var refusal = refused.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("rejected with", refusal[0]);
            Assert.Matches(@"^  value\.|^  [a-z]+\.[a-z-]+: ", refusal[1]);
            Assert.Contains($"  findings report: results-{id}/2020-12/黄村地区-小区物业台账(有误).csv.findings.csv (and .findings.json)", refusal);
            // --json carries the verdict, the findings (none again for an upload already decided) and the report.
            using (var verdicts = System.Text.Json.JsonDocument.Parse(refusedJson.Out))
            {
                var verdict = Assert.Single(verdicts.RootElement.EnumerateArray().ToList());
                Assert.Equal("rejected", verdict.GetProperty("status").GetString());
                Assert.Equal($"results-{id}/2020-12/黄村地区-小区物业台账(有误).csv.findings.csv", verdict.GetProperty("findingsReport").GetString());
            }
            Assert.Contains("2020-12/清源街道.csv: accepted 1 row(s) of CompoundRoster for 2020-12; figures of 2020-12 at revision 1", ingest.Out);
            Assert.Equal((0, "2020-12: figures at revision 1"), (recompute.Exit, recompute.Out.Split('\n')[0]));
            Assert.Equal(0, publish.Exit);
            Assert.Contains("outbox empty", publish.Out);
            await using var client = bus.CreateClient();
            await using var receiver = client.CreateReceiver(topic, "all", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
            var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
            Assert.Equal("governance-summary:110115:2020-12:monthly:r1", message?.MessageId);
            Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken));
        }
        finally
        {
            foreach (var name in settings.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Fact]
    public async Task Verbs_on_stored_data_without_a_storage_account_say_which_setting_to_set()
    {
        var (exit, _, error) = await Run("recompute");

        Assert.Equal(2, exit);
        Assert.StartsWith("pipeline recompute: no storage account is configured: set 'Storage'", error);
    }
}
