using System.Text.Json;
using Pipeline.Adapters.Figures;
using Pipeline.Core.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Ingest;

/// <summary>Plausibility warnings at ingest: reported in the receipt and the findings report, never blocking, never changing a figure.</summary>
public sealed class PlausibilityTests(StorageTestEnvironment storage)
{
    private const string Qingyuan = "110115003000";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Roster(int compounds, string? explanation = null) =>
        Csv([RosterHeader + ",说明", .. Enumerable.Range(0, compounds).Select(i => $"清源街道,枣园社区,小区{i},是,专业物业,业委会,是,{(i == 0 ? explanation : "")}")]);

    [Fact]
    public async Task A_jump_against_last_month_is_a_warning_with_the_clerks_explanation_and_the_figures_are_those_of_the_file()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndProcessAsync("110115003000/2021-01/清源.csv", Roster(10));

        var february = await harness.UploadAndProcessAsync("110115003000/2021-02/清源.csv", Roster(20, "新接收回迁小区"));

        var receipt = february.Ingest.Receipt;
        Assert.Equal((ReceiptStatus.Accepted, 0, 1), (receipt.Status, receipt.Findings, receipt.Warnings));
        var report = (await harness.Storage.Results.GetBlobClient("110115003000/2021-02/清源.csv.findings.json").DownloadContentAsync(Ct)).Value.Content;
        var warning = Assert.Single(JsonDocument.Parse(report).RootElement.EnumerateArray());
        Assert.Equal(("warning", "plausibility.compounds", 2), (warning.GetProperty("severity").GetString(), warning.GetProperty("code").GetString(), warning.GetProperty("row").GetInt32()));
        Assert.Contains("已说明：新接收回迁小区", warning.GetProperty("message").GetString());
        Assert.Equal(20, (await harness.CurrentAsync("CompoundRoster", "2021-02", Qingyuan)).Count);

        // The same file without a previous month to compare with gives the same figures.
        await using var alone = new PipelineHarness(storage);
        var unwarned = await alone.UploadAndProcessAsync("110115003000/2021-02/清源.csv", Roster(20, "新接收回迁小区"));
        Assert.Equal(0, unwarned.Ingest.Receipt.Warnings);
        Assert.Equal(
            FiguresStore.Serialize((await alone.Figures.ReadStreetsAsync("2021-02", Ct))[Qingyuan]),
            FiguresStore.Serialize((await harness.Figures.ReadStreetsAsync("2021-02", Ct))[Qingyuan]));
    }
}
