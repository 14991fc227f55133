using Pipeline.Core.Ingest;
using Pipeline.Functions.Ingest;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Storage;
using Pipeline.Core.Model;

namespace Pipeline.IntegrationTests.Functions;

/// <summary>The blob function, called as the host would call it, with a real blob client.</summary>
public sealed class IngestUploadTests(StorageTestEnvironment storage)
{
    [Fact]
    public async Task An_uploaded_roster_is_ingested_and_recomputed_and_a_redelivery_changes_nothing()
    {
        await using var harness = new PipelineHarness(storage);
        var path = "2020-12/清源街道.csv";
        await harness.UploadAsync(path, PipelineHarness.Csv("街道,社区,小区名称,是否有物业,业主组织,党组织覆盖", "清源街道,枣园社区,枣园小区,是,业委会,是"));
        var function = new IngestUpload(harness.Processing, Microsoft.Extensions.Logging.Abstractions.NullLogger<IngestUpload>.Instance);
        var blob = harness.Storage.Uploads.GetBlobClient(path);

        await function.RunAsync(blob, path, TestContext.Current.CancellationToken);
        await function.RunAsync(blob, path, TestContext.Current.CancellationToken);

        var rows = await harness.CurrentAsync("CompoundRoster", "2020-12", "110115003000");
        Assert.Equal("枣园小区", Assert.Single(rows).Value("compound_name"));
        Assert.Equal(1, (await harness.Slices.ReadManifestAsync("2020-12", TestContext.Current.CancellationToken)).Revision);
        var district = await harness.Figures.ReadDistrictAsync("2020-12", TestContext.Current.CancellationToken);
        Assert.Equal(1, district.Revision);
        var street = (await harness.Figures.ReadStreetsAsync("2020-12", TestContext.Current.CancellationToken))["110115003000"];
        Assert.Equal((1, 1), (street.Property!.Compounds, street.Property.WithPropertyService));
    }

    [Fact]
    public async Task A_blob_deleted_before_its_event_arrived_is_logged_not_retried()
    {
        await using var harness = new PipelineHarness(storage);
        await harness.Storage.EnsureCreatedAsync();
        var function = new IngestUpload(harness.Processing, Microsoft.Extensions.Logging.Abstractions.NullLogger<IngestUpload>.Instance);

        await function.RunAsync(harness.Storage.Uploads.GetBlobClient("2020-12/gone.xlsx"), "2020-12/gone.xlsx", TestContext.Current.CancellationToken);

        Assert.Empty(await harness.AllStoredRowsAsync());
        Assert.Empty(await harness.Storage.Receipts.QueryAsync<Azure.Data.Tables.TableEntity>(cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));
    }
}
