using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Core.Divisions;
using Pipeline.Core.Summary;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;
using Pipeline.Core.Model;

namespace Pipeline.IntegrationTests.Figures;

public sealed class FiguresRecomputeTests(StorageTestEnvironment storage)
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Roster(string street, int compounds, int withService) =>
        Csv([RosterHeader, .. Enumerable.Range(0, compounds).Select(i => $"{street},某社区,小区{i},{(i < withService ? "是" : "否")},专业物业,业委会,是")]);

    [Fact]
    public async Task A_change_to_one_street_recomputes_that_street_and_the_district_only()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Roster("清源街道", 10, 9));
        await harness.UploadAndProcessAsync("2020-12/兴丰街道.csv", Roster("兴丰街道", 4, 4));
        var (_, untouched) = await harness.Figures.ReadStreetAsync("2020-12", "110115001000", Ct);
        var before = await harness.Figures.ReadDistrictAsync("2020-12", Ct);

        var processed = await harness.UploadAndProcessAsync("2020-12/清源街道-更正.csv", Roster("清源街道", 10, 10));

        Assert.Equal(untouched, (await harness.Figures.ReadStreetAsync("2020-12", "110115001000", Ct)).ETag);
        Assert.Equal(before.Revision + 1, Assert.Single(processed.Periods).Revision);
        var summary = await harness.Summaries.ReadAsync("2020-12", SummaryDocument.Monthly, Ct);
        Assert.Equal((14L, 14L, 1.0), (summary.District.Property!.Compounds, summary.District.Property.WithPropertyService, summary.District.Property.PropertyServiceRate));
        Assert.Equal(3, summary.Revision);
    }

    [Fact]
    public async Task The_same_file_delivered_again_keeps_the_revision_so_nothing_new_is_published()
    {
        await using var harness = new PipelineHarness(storage);
        var first = await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Roster("清源街道", 3, 2));

        var again = await harness.Processing.ProcessAsync("2020-12/清源街道.csv", cancellationToken: Ct);

        Assert.True(again.Ingest.Repeated);
        Assert.Equal(Assert.Single(first.Periods).Revision, Assert.Single(again.Periods).Revision);
    }

    [Fact]
    public async Task Concurrent_ingests_of_every_street_give_a_district_equal_to_the_sum_of_the_streets()
    {
        await using var harness = new PipelineHarness(storage);
        var uploads = new List<(string Path, int Received, int Compounds)>();
        foreach (var (street, i) in Daxing.Streets.Select((s, i) => (s, i)))
        {
            var received = 10 + i;
            await harness.UploadAsync($"2020-12/{street.Name}-台账.csv", Roster(street.Name, i + 1, i));
            await harness.UploadAsync($"2020-12/{street.Name}-诉求.csv", Csv(CountsHeader, $"{street.Name},某社区,{received},{received},{received},{received - 1},{received - 2},1,1"));
            uploads.Add(($"2020-12/{street.Name}-台账.csv", 0, i + 1));
            uploads.Add(($"2020-12/{street.Name}-诉求.csv", received, 0));
        }

        await Task.WhenAll(uploads.Select(u => Task.Run(() => harness.Processing.ProcessAsync(u.Path, cancellationToken: Ct))));

        var summary = await harness.Summaries.ReadAsync("2020-12", SummaryDocument.Monthly, Ct);
        Assert.Equal(uploads.Sum(u => u.Compounds), summary.District.Property!.Compounds);
        Assert.Equal(summary.Streets.Sum(s => s.Property!.Compounds), summary.District.Property.Compounds);
        Assert.Equal(summary.Streets.Sum(s => s.Property!.WithPropertyService), summary.District.Property.WithPropertyService);
        Assert.Equal(uploads.Sum(u => u.Received), summary.District.Appeals!.Received);
        Assert.Equal(summary.Streets.Sum(s => s.Appeals!.Resolved), summary.District.Appeals.Resolved);
        Assert.Equal(Enumerable.Range(1, 22), summary.Streets.Select(s => s.Rank!.Value).Order());

        // Publishing was coalesced and raced, yet the pages stand for the final revision and the ledger for every file.
        foreach (var folder in new[] { "reports/2020-12", "reports/latest" })
        {
            var page = SummaryJson.Deserialize(await Publish.ReportWriterTests.ReadAsync(harness, $"{folder}/summary.json"));
            Assert.Equal(SummaryJson.Serialize(summary with { GeneratedAt = page.GeneratedAt }), SummaryJson.Serialize(page));
        }

        var status = JsonDocument.Parse(await Publish.ReportWriterTests.ReadAsync(harness, "reports/2020-12/status.json"));
        Assert.Equal(uploads.Count, status.RootElement.GetProperty("submissions").EnumerateArray().Count(e => e.GetProperty("accepted").ValueKind == JsonValueKind.Object));
    }

    [Fact]
    public async Task Recomputing_from_the_stored_rows_gives_byte_identical_figures()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2021, 1, 1, 17, 0, 0, TimeSpan.Zero));
        await using var harness = new PipelineHarness(storage, clock: clock);
        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Roster("清源街道", 7, 5));
        await harness.UploadAndProcessAsync("2020-12/诉求.csv", Csv(CountsHeader, "清源街道,甲社区,10,9,9,8,7,1,1", "兴丰街道,乙社区,5,5,5,5,5,0,0"));
        var before = SummaryJson.Serialize(await harness.Summaries.ReadAsync("2020-12", SummaryDocument.Monthly, Ct));

        var states = await harness.Recompute.RecomputeAllAsync(null, Ct);
        var after = SummaryJson.Serialize(await harness.Summaries.ReadAsync("2020-12", SummaryDocument.Monthly, Ct));

        Assert.Equal("2020-12", Assert.Single(states).Period);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Community_figures_are_stored_for_the_drill_down_and_follow_the_roster()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.UploadAndProcessAsync("2020-12/清源街道.csv", Csv(RosterHeader, "清源街道,甲社区,A,是,专业物业,业委会,是", "清源街道,乙社区,B,否,无,无,否"));
        await harness.UploadAndProcessAsync("2020-12/清源街道-2.csv", Csv(RosterHeader, "清源街道,甲社区,A,是,专业物业,业委会,是"));

        var communities = await harness.Figures.ReadCommunitiesAsync("2020-12", "110115003000", Ct);

        var community = Assert.Single(communities);
        Assert.Equal(("甲社区", 1L), (community.Name, community.Property!.Compounds));
    }
}
