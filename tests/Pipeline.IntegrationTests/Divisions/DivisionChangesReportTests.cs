using System.Text;
using Pipeline.IntegrationTests.Hosting;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Divisions;

/// <summary>A registry file with dates, set as the app's registry: the period a change is in force from lists it on its page.</summary>
public sealed class DivisionChangesReportTests(StorageTestEnvironment storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_of_the_period_villages_became_residents_committees_lists_the_change_and_the_month_before_does_not()
    {
        using var file = new TemporaryFile(DivisionFiles.VillagesMerged().ToJsonString());
        await using var harness = new PipelineHarness(storage, new() { ["Pipeline:RegistryFile"] = file.Path });

        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", RosterCsv("清源街道", 2));
        await harness.UploadAndProcessAsync("2021-01/清源街道.csv", RosterCsv("清源街道", 2));

        var january = Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2021-01/index.html"));
        var december = Encoding.UTF8.GetString(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2020-12/index.html"));
        Assert.Contains("<h2>区划变更 <span class=\"en\">Division changes</span></h2>", january, StringComparison.Ordinal);
        Assert.Contains("<td class=\"text\">由 from 村 东村（110115003200）、村 西村（110115003201）</td>", january, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"divisions\"", december, StringComparison.Ordinal);
    }
}
