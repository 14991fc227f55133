using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Ingest;
using Pipeline.Core.Ingest;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
using Pipeline.IntegrationTests.Storage;
using static Pipeline.IntegrationTests.Ingest.PipelineHarness;

namespace Pipeline.IntegrationTests.Ingest;

/// <summary>
/// A ticket merge may read an accepted file a second time, and that read has a budget of its own. When it is refused,
/// what it staged is deleted and the refusal reaches the ingestion as the reader's finding, which rejects the file.
/// </summary>
public sealed class RereadRefusalTests(StorageTestEnvironment storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Refusals => [FileFindings.TooSlowCode, "file.too-many-rows"];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_second_read_refused_by_its_budget_throws_the_finding_and_leaves_nothing_of_itself_staged(string code)
    {
        await using var harness = new PipelineHarness(storage);
        await harness.Storage.EnsureCreatedAsync();
        var stager = harness.Services.GetRequiredService<RevisionStager>();
        var context = harness.Services.GetRequiredService<IngestContext>();
        var path = $"2020-12/{Guid.NewGuid():N}/清源街道.csv";
        using var content = new MemoryStream(Csv([RosterHeader, .. Enumerable.Range(0, 1_000).Select(i => $"清源街道,枣园社区,小区{i},是,专业物业,业委会,是")]));
        var file = new UploadFile(content, UploadSource.ForBlob(path), new Upload(path, DateTimeOffset.UtcNow, "etag"), new string('a', 64), context);
        var staged = await stager.StageAsync(file, Ct);
        Assert.True(staged.Inspection.Accepted);

        // The second read under a budget the file passes only part of the way: out of time at once, or out of rows
        // after some were written.
        var limits = code == FileFindings.TooSlowCode
            ? context.Limits with { MinReadTime = TimeSpan.Zero, ReadTimePerMegabyte = TimeSpan.Zero }
            : context.Limits with { MaxRows = 600 };
        var refused = await Assert.ThrowsAsync<SpreadsheetRejectedException>(() => stager.RestageAsync(file with { Context = context with { Limits = limits } }, staged, Ct));

        Assert.Equal(code, refused.Finding.Code);
        var rows = await harness.AllStoredRowsAsync();
        Assert.Equal(1_000, rows.Count);
        Assert.All(rows, r => Assert.EndsWith(staged.Revision, r.PartitionKey, StringComparison.Ordinal));
    }
}
