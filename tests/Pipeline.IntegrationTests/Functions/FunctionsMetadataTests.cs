using System.Text.Json.Nodes;

namespace Pipeline.IntegrationTests.Functions;

/// <summary>
/// The Functions SDK writes functions.metadata at build time; the host wires triggers from it. Pinning it here makes a
/// wrong path, connection or schedule fail the build's tests instead of a deployment.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly JsonArray Functions = Load();

    [Fact]
    public void Exactly_the_known_functions_are_declared() =>
        Assert.Equal(["DailySummary", "IngestUpload", "ServeReport"], Functions.Select(f => (string)f!["name"]!).Order());

    [Fact]
    public void IngestUpload_is_an_Event_Grid_blob_trigger_on_uploads_through_the_Storage_connection()
    {
        var trigger = Trigger("IngestUpload");

        Assert.Equal("blobTrigger", (string?)trigger["type"]);
        Assert.Equal("uploads/{name}", (string?)trigger["path"]);
        Assert.Equal("EventGrid", (string?)trigger["source"]);
        Assert.Equal("Storage", (string?)trigger["connection"]);
        Assert.Equal("Pipeline.Functions.Ingest.IngestUpload.RunAsync", (string?)Function("IngestUpload")["entryPoint"]);
    }

    [Fact]
    public void DailySummary_is_a_timer_whose_schedule_is_the_DailySummarySchedule_setting()
    {
        var trigger = Trigger("DailySummary");

        Assert.Equal("timerTrigger", (string?)trigger["type"]);
        Assert.Equal("%DailySummarySchedule%", (string?)trigger["schedule"]);
        Assert.Equal("Pipeline.Functions.Publish.DailySummary.RunAsync", (string?)Function("DailySummary")["entryPoint"]);
    }

    [Fact]
    public void ServeReport_is_an_anonymous_GET_and_HEAD_trigger_on_reports_at_the_root_of_the_app()
    {
        var trigger = Trigger("ServeReport");

        Assert.Equal("httpTrigger", (string?)trigger["type"]);
        // Anonymous to the host: the platform's sign-in sits in front, and the function checks its principal.
        Assert.Equal("Anonymous", (string?)trigger["authLevel"], ignoreCase: true);
        Assert.Equal(["get", "head"], trigger["methods"]!.AsArray().Select(m => ((string)m!).ToLowerInvariant()).Order());
        Assert.Equal("reports/{*path}", (string?)trigger["route"]);
        Assert.Equal("Pipeline.Functions.Publish.ServeReport.RunAsync", (string?)Function("ServeReport")["entryPoint"]);

        // No "api/" prefix: the report's address is /reports/…, so the pages' relative links stay inside it.
        var host = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("functions", "Pipeline.Functions", "host.json")))!;
        Assert.Equal("", (string?)host["extensions"]?["http"]?["routePrefix"]);
    }

    [Fact]
    public void Every_setting_named_by_a_binding_is_in_the_sample_settings()
    {
        var sample = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("local.settings.sample.json")))!["Values"]!.AsObject();
        var named = Functions
            .SelectMany(f => f!["bindings"]!.AsArray())
            .SelectMany(b => new[] { (string?)b!["connection"], Setting((string?)b["schedule"]) })
            .OfType<string>()
            .ToList();

        Assert.NotEmpty(named);
        Assert.All(named, setting => Assert.True(sample.ContainsKey(setting), $"local.settings.sample.json lacks '{setting}'."));
    }

    private static string? Setting(string? expression) =>
        expression is ['%', .. var name, '%'] ? name : null;

    private static JsonNode Function(string name) =>
        Functions.Single(f => (string?)f!["name"] == name)!;

    private static JsonNode Trigger(string name) =>
        Function(name)["bindings"]!.AsArray().Single(b => ((string?)b!["type"])!.EndsWith("Trigger", StringComparison.Ordinal))!;

    private static JsonArray Load()
    {
        var path = RepositoryPaths.Combine("functions", "Pipeline.Functions", "bin", RepositoryPaths.Configuration, "net10.0", "functions.metadata");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray();
    }
}
