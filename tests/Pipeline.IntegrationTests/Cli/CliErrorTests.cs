using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Cli;

/// <summary>Every failure the CLI prints is one line on stderr, without a stack trace, and stdout keeps only the result.</summary>
public sealed class CliErrorTests(StorageTestEnvironment storage)
{
    private const string NoServiceBus = "Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true";

    private static void AssertOneLine(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{error}");
        Assert.DoesNotContain("   at ", error);
    }

    private static async Task<string> RosterFileAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"roster-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, Csv(RosterHeader, "清源街道,某社区,甲,是,专业物业,业委会,是"));
        return path;
    }

    [Fact]
    public async Task A_wrong_account_key_is_one_line_with_the_status_and_error_code()
    {
        await using var harness = new PipelineHarness(storage);
        var environment = harness.Environment();
        environment["Storage"] = string.Join(';', storage.ConnectionString.Split(';')
            .Select(part => part.StartsWith("AccountKey=", StringComparison.Ordinal) ? $"AccountKey={Convert.ToBase64String(new byte[64])}" : part));
        var file = await RosterFileAsync();

        var (exit, output, error) = await CliProcess.RunAsync(environment, "ingest", file, "--period", "2020-12");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        AssertOneLine(error);
        Assert.Contains("403", error);
        // The error code when the answer carries one (it does, for the requests the CLI makes first), else what to check.
        Assert.True(error.Contains("AuthorizationFailure", StringComparison.Ordinal) || error.Contains("access denied: check the account key", StringComparison.Ordinal), error);
        File.Delete(file);
    }

    [Fact]
    public async Task Storage_that_does_not_answer_is_one_line()
    {
        await using var harness = new PipelineHarness(storage);
        var environment = harness.Environment();
        environment["Storage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Convert.ToBase64String(new byte[64])
            + ";BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1";

        var (exit, _, error) = await CliProcess.RunAsync(environment, "recompute");

        Assert.Equal(2, exit);
        AssertOneLine(error);
    }

    [Fact]
    public async Task A_bad_setting_is_one_line_naming_it()
    {
        await using var harness = new PipelineHarness(storage);
        var environment = harness.Environment();
        environment["Pipeline__DistrictCode"] = "abc";

        var (exit, _, error) = await CliProcess.RunAsync(environment, "recompute");

        Assert.Equal(2, exit);
        AssertOneLine(error);
        Assert.Contains("DistrictCode", error);
    }

    [Fact]
    public async Task A_missing_file_is_one_line()
    {
        var (exit, _, error) = await CliProcess.RunAsync(new Dictionary<string, string?>(), "validate", "/nonexistent/x.csv");

        Assert.Equal(2, exit);
        AssertOneLine(error);
    }

    [Fact]
    public async Task A_Service_Bus_outage_is_one_warning_on_stderr_and_the_command_still_succeeds()
    {
        await using var harness = new PipelineHarness(storage);
        var environment = harness.Environment();
        environment["ServiceBus"] = NoServiceBus;
        var file = await RosterFileAsync();

        var (exit, output, error) = await CliProcess.RunAsync(environment, "ingest", file, "--period", "2020-12");

        Assert.Equal(0, exit);
        AssertOneLine(error);
        Assert.Matches(@"^warn: Service Bus unreachable \(.+\); 2 summaries wait in the outbox\s*$", error); // the period's v2 and v3
        Assert.DoesNotContain("warn", output);
        Assert.Contains("accepted 1 row(s)", output);
        File.Delete(file);
    }

    [Fact]
    public async Task Validate_json_is_valid_json_on_stdout_even_with_warnings()
    {
        var file = await RosterFileAsync();

        var (exit, output, _) = await CliProcess.RunAsync(new Dictionary<string, string?>(), "validate", file, "--json");

        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("period.missing", json.RootElement[0].GetProperty("code").GetString());
        File.Delete(file);
    }
}
