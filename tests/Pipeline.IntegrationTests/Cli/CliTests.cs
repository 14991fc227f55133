using System.Text.Json;
using Pipeline.Cli;

namespace Pipeline.IntegrationTests.Cli;

public sealed class CliTests
{
    private static readonly string Samples = RepositoryPaths.Combine("samples");
    private static readonly string Broken = Path.Combine(Samples, "2020-12", "黄村地区-小区物业台账(有误).csv");

    private static Task<(int Exit, string Out, string Error)> Run(params string[] args) => InProcessAsync(args);

    /// <summary>The CLI's entry in this process, with its output captured.</summary>
    internal static async Task<(int Exit, string Out, string Error)> InProcessAsync(string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await PipelineCommand.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("no verb given")]
    [InlineData("no verb given", "--verbose")]
    [InlineData("unknown verb 'frobnicate'", "frobnicate")]
    [InlineData("unknown verb 'frobnicate'", "frobnicate", "--help")]
    [InlineData("unknown verb 'frobnicate'", "frobnicate", "-h")]
    [InlineData("unknown verb '--strict'", "--strict")]
    [InlineData("validate needs at least one FILE", "validate")]
    [InlineData("ingest needs at least one FILE", "ingest", "--period", "2020-12")]
    [InlineData("run needs --input DIR and --out DIR", "run", "--input", "x")]
    [InlineData("--period '2020-13' is not a month: write it as YYYY-MM, e.g. 2020-12", "recompute", "--period", "2020-13")]
    [InlineData("--close '2020-1' is not a month: write it as YYYY-MM, e.g. 2020-12", "run", "--input", "x", "--out", "y", "--close", "2020-1")]
    [InlineData("--period needs a value", "status", "--period")]
    [InlineData("--period needs a value", "status", "--period", "--json")]
    [InlineData("--period is given more than once", "status", "--period", "2020-01", "--period", "2020-02")]
    [InlineData("'validate' does not take --strict", "validate", "a.csv", "--strict")]
    [InlineData("'validate' does not take --strict", "validate", "--strict", "a.csv")]
    [InlineData("'status' does not take --frobnicate", "status", "--frobnicate")]
    [InlineData("'replay' takes no files ('extra.csv')", "replay", "extra.csv")]
    [InlineData("close needs --period YYYY-MM", "close", "--note", "x")]
    [InlineData("reopen needs --period YYYY-MM", "reopen", "--reason", "x")]
    [InlineData("reopen needs --reason TEXT: the version history shows why the period was reopened", "reopen", "--period", "2020-12")]
    [InlineData("close --force needs --note TEXT: the version history shows why the period was closed over returned submissions", "close", "--period", "2020-12", "--force")]
    [InlineData("return needs --period YYYY-MM, --street NAME|CODE, --obligation NAME and --reason TEXT: the street is told why", "return", "--period", "2020-12", "--street", "清源街道", "--obligation", "CompoundRoster")]
    [InlineData("return needs --period YYYY-MM, --street NAME|CODE, --obligation NAME and --reason TEXT: the street is told why", "return", "--period", "2020-12", "--street", "清源街道", "--reason", "x")]
    [InlineData("dismiss needs --period YYYY-MM, --file PATH and --reason TEXT: the status page shows why", "dismiss", "--period", "2020-12", "--reason", "x")]
    [InlineData("'dismiss' does not take --street", "dismiss", "--period", "2020-12", "--file", "a.csv", "--reason", "x", "--street", "y")]
    [InlineData("forms check needs at least one FILE", "forms", "check")]
    [InlineData("divisions check needs at least one FILE", "divisions", "check")]
    [InlineData("unknown divisions action 'merge': the actions are check and publish", "divisions", "merge", "a.json")]
    [InlineData("unknown forms action 'frobnicate': the actions are check and publish", "forms", "frobnicate", "a.json")]
    [InlineData("forms publish takes one FILE: each version is published on its own", "forms", "publish", "a.json", "b.json")]
    [InlineData("divisions publish takes one FILE: each version is published on its own", "divisions", "publish", "a.json", "b.json")]
    [InlineData("template needs one FORM (roster, counts, tickets) and --out FILE", "template", "roster")]
    [InlineData("template needs one FORM (roster, counts, tickets) and --out FILE", "template", "roster", "counts", "--out", "x.xlsx")]
    [InlineData("unknown template 'bogus': the forms are roster, counts, tickets, or a form's code with --catalog FILE", "template", "bogus", "--out", "x.xlsx")]
    public async Task Usage_errors_exit_2_with_one_line_and_the_usage(string message, params string[] args)
    {
        var (exit, output, error) = await Run(args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Equal($"pipeline: {message}", error.Split(Environment.NewLine)[0]);
        // Then the help of the verb (or of pipeline when there is none): how to write it right.
        var verb = message.StartsWith("unknown verb", StringComparison.Ordinal) || message == "no verb given" ? null : args[0];
        Assert.Contains($"Usage:{Environment.NewLine}  pipeline {(verb is null ? "[command]" : verb)}", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task A_reason_longer_than_a_message_can_carry_is_a_usage_error()
    {
        var (exit, _, error) = await Run("return", "--period", "2020-12", "--street", "清源街道", "--obligation", "CompoundRoster", "--reason", new string('因', 501));

        Assert.Equal(2, exit);
        Assert.Equal("pipeline: --reason is at most 500 characters", error.Split(Environment.NewLine)[0]);
    }

    [Fact]
    public async Task Forms_check_passes_the_built_in_catalog_and_names_every_problem_of_a_bad_one()
    {
        var folder = Directory.CreateTempSubdirectory("forms-check-");
        try
        {
            var good = Path.Combine(folder.FullName, "forms-2021.json");
            var json = Pipeline.Core.Forms.FormCatalogFile.Write(Pipeline.Core.Forms.FormCatalogs.Builtin);
            await File.WriteAllTextAsync(good, json, TestContext.Current.CancellationToken);
            var bad = Path.Combine(folder.FullName, "forms-bad.json");
            await File.WriteAllTextAsync(bad, json.Replace("\"count(has_property_service)\"", "\"count(has_service)\"", StringComparison.Ordinal)
                .Replace("\"contacted <= valid_visits\"", "\"contacted / valid_visits <= 1\"", StringComparison.Ordinal), TestContext.Current.CancellationToken);

            var ok = await Run("forms", "check", good);
            var refused = await Run("forms", "check", good, bad);

            Assert.Equal(0, ok.Exit);
            Assert.StartsWith($"{good}: OK, catalog version 1 from 2000-01: 3 form(s) (CompoundRoster 小区物业台账, AppealCounts 诉求办理统计, TicketExport 12345 工单明细), 6 indicator(s)", ok.Out, StringComparison.Ordinal);
            Assert.Equal(1, refused.Exit);
            var lines = refused.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("forms-bad.json: form CompoundRoster, measures[1] (with_property_service).expression: 'count(has_service)' names no column 'has_service'", lines);
            Assert.Contains(lines, l => l.StartsWith("forms-bad.json: form AppealCounts, checks[1] (contacted-within-valid-visits).expression: 'contacted / valid_visits <= 1' divides with '/'", StringComparison.Ordinal));
            Assert.Equal($"{bad}: 2 problem(s); not a catalog", lines[^1]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Divisions_check_prints_what_changes_in_which_period_and_names_every_problem_of_a_bad_registry()
    {
        var folder = Directory.CreateTempSubdirectory("divisions-check-");
        try
        {
            var registry = Divisions.DivisionFiles.VillagesMerged();
            var qingyuan = Divisions.DivisionFiles.Qingyuan(registry);
            var good = Path.Combine(folder.FullName, "divisions-2021.json");
            await File.WriteAllTextAsync(good, registry.ToJsonString(), TestContext.Current.CancellationToken);
            qingyuan["communities"]![2]!["from"] = "2021-03";
            qingyuan["communities"]![1]!["code"] = "110115004201";
            var bad = Path.Combine(folder.FullName, "divisions-bad.json");
            await File.WriteAllTextAsync(bad, registry.ToJsonString(), TestContext.Current.CancellationToken);

            var ok = await Run("divisions", "check", good);
            var refused = await Run("divisions", "check", good, bad);

            Assert.Equal(0, ok.Exit);
            var lines = ok.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"{good}: OK, registry of 大兴区: 22 street(s), 3 community(ies) over time; 3 change(s)", lines[0]);
            Assert.Equal("  2021-01  began   社区 东西社区 (110115003001) ← 村 东村 (110115003200), 村 西村 (110115003201)", lines[1]);
            Assert.Equal("  2021-01  ended   村 东村 (110115003200) → 社区 东西社区 (110115003001)", lines[2]);
            Assert.Equal(1, refused.Exit);
            var problems = refused.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(problems, l => l.StartsWith("divisions-bad.json: 110115003200, successors (110115003001): 东村 ends 2020-12, but 东西社区 (110115003001) is not in force in 2021-01", StringComparison.Ordinal));
            Assert.Contains(problems, l => l.StartsWith("divisions-bad.json: 110115004201, code: is not a 12-digit community code inside its street 110115003000", StringComparison.Ordinal));
            Assert.Equal($"{bad}: 3 problem(s); not a registry", problems[^1]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Validate_lists_every_finding_of_the_broken_sample_and_exits_1()
    {
        var (exit, output, _) = await Run("validate", Broken);

        Assert.Equal(1, exit);
        foreach (var code in new[] { "value.count", "street.unknown", "value.boolean", "value.required", "row.duplicate" })
        {
            Assert.Contains($"{code}: ", output);
        }
    }

    [Fact]
    public async Task Validate_json_gives_file_sheet_row_column_code_and_message()
    {
        var (exit, output, _) = await Run("validate", Broken, "--json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var first = json.RootElement.EnumerateArray().First();
        Assert.Equal(Broken, first.GetProperty("file").GetString());
        Assert.Equal((3, "户数", "value.count"), (first.GetProperty("row").GetInt32(), first.GetProperty("column").GetString(), first.GetProperty("code").GetString()));
        Assert.Contains(" / ", first.GetProperty("message").GetString());
        Assert.Equal(5, json.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Validate_passes_the_clean_samples_and_a_file_without_period_only_warns()
    {
        var clean = Directory.GetFiles(Path.Combine(Samples, "2020-12")).Where(f => f != Broken).ToArray();
        var copy = Path.Combine(Directory.CreateTempSubdirectory().FullName, "清源街道.csv");
        File.WriteAllText(copy, "街道,社区,小区名称,是否有物业,业主组织,党组织覆盖\n清源街道,枣园社区,枣园小区,是,业委会,是\n");

        var (exit, output, _) = await Run(["validate", .. clean, copy]);

        Assert.Equal(0, exit);
        Assert.Equal(clean.Length, output.Split('\n').Count(l => l.Contains(": OK — ")));
        Assert.Contains($"{copy}: OK with 1 warning(s), which do not block the upload — ", output);
        Assert.Contains("warning period.missing", output);
    }

    [Fact]
    public async Task A_missing_file_is_an_environment_error_in_one_line()
    {
        var (exit, _, error) = await Run("validate", "/nowhere/台账.xlsx");

        Assert.Equal(2, exit);
        Assert.Equal("pipeline validate: file '/nowhere/台账.xlsx' does not exist.", error.Trim());
    }

    [Fact]
    public async Task Run_on_the_samples_ingests_every_file_from_a_clean_state()
    {
        var output = Directory.CreateTempSubdirectory("pipeline-run-").FullName;

        var stdoutWriter = new StringWriter();
        var stderrWriter = new StringWriter();
        var exit = await LocalRun.LocalRun.RunAsync(["run", "--input", Samples, "--out", output], stdoutWriter, stderrWriter);
        var (stdout, error) = (stdoutWriter.ToString(), stderrWriter.ToString());

        Assert.True(exit == 0, error);
        Assert.Contains("started Azurite", stdout);
        using var receipts = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "ingest.json")));
        var statuses = receipts.RootElement.EnumerateArray()
            .ToDictionary(r => Path.GetFileName(r.GetProperty("file").GetString()!), r => r.GetProperty("status").GetString());
        Assert.Equal(14, statuses.Count);
        Assert.Equal("rejected", statuses["黄村地区-小区物业台账(有误).csv"]);
        Assert.Equal(13, statuses.Values.Count(s => s == "accepted"));
        // The district's catalog version adds two forms from January; their sheets are read, measured and reported.
        Assert.Equal("accepted", statuses["大兴区表单目录-2021.1.json"]);
        Assert.Equal("accepted", statuses["清源街道-生活垃圾分类督导-2021年1月.csv"]);
        Assert.Equal("accepted", statuses["大兴区-养老驿站建设-2021年1月.csv"]);
        var januaryFigures = Core.Summary.SummaryJson.DeserializeFigures(File.ReadAllBytes(Path.Combine(output, "site", "reports", "2021-01", "summary.v3.json")));
        Assert.NotNull(januaryFigures.District.Indicators["supervisionCoverage"].Value);
        Assert.NotNull(januaryFigures.District.Indicators["stationOperationRate"].Value);
        var januaryPage = File.ReadAllText(Path.Combine(output, "site", "reports", "2021-01", "index.html"));
        Assert.Contains("<section id=\"form-GarbageSorting\"", januaryPage, StringComparison.Ordinal);
        Assert.Contains("<section id=\"form-ElderlyCareStations\"", januaryPage, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "findings", "2020-12", "黄村地区-小区物业台账(有误).csv.findings.csv")));
        var december = Core.Summary.SummaryJson.Deserialize(File.ReadAllBytes(Path.Combine(output, "site", "reports", "2020-12", "summary.json")));
        Assert.Equal(63L, december.District.Property!.Compounds);
        var summary = Core.Summary.SummaryJson.Deserialize(File.ReadAllBytes(Path.Combine(output, "summary.json")));
        Assert.Equal(("2021-01", 52L), (summary.Period, summary.District.Property!.Compounds));
        Assert.Contains($"received summary.monthly governance-summary:110115:2021-01:monthly:r{summary.Revision}", stdout);
        Assert.Contains($"received summary.monthly governance-summary-v3:110115:2021-01:monthly:r{summary.Revision}:c2021.1: 大兴区 (v3, catalog 2021.1)", stdout);
        Assert.Contains("大兴区 2021-01", stdout);
        // January against December: the demo's plausibility warnings, one of them explained by the clerk.
        Assert.Contains("plausibility.compounds", stdout);
        Assert.Contains("已说明：本月新接收回迁安置小区", stdout);
        Assert.Contains("plausibility.community-missing", stdout);
        // Most streets have not reported January: the status page says who is missing.
        using var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "site", "reports", "2021-01", "status.json")));
        Assert.Contains(status.RootElement.GetProperty("submissions").EnumerateArray(), s => s.GetProperty("status").GetString() == "overdue");
        Assert.True(File.Exists(Path.Combine(output, "site", "reports", "2021-01", "status.html")));
    }

    [Fact]
    public async Task Run_strict_exits_1_when_a_file_is_rejected()
    {
        var input = Directory.CreateTempSubdirectory("pipeline-strict-");
        Directory.CreateDirectory(Path.Combine(input.FullName, "2020-12"));
        File.Copy(Broken, Path.Combine(input.FullName, "2020-12", "broken.csv"));

        var exit = await LocalRun.LocalRun.RunAsync(["run", "--input", input.FullName, "--out", Path.Combine(input.FullName, "out"), "--strict"], new StringWriter(), new StringWriter());

        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task The_shipped_cli_runs_against_configured_services_only_and_says_which_setting_is_missing()
    {
        var output = Directory.CreateTempSubdirectory("pipeline-run-").FullName;

        var (exit, stdout, error) = await CliProcess.RunAsync(new Dictionary<string, string?>(), "run", "--input", Samples, "--out", output);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("pipeline run: no storage account is configured: set 'Storage'", error);
        Assert.Contains("scripts/run.sh", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
