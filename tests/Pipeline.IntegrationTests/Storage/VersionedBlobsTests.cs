using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Report;

namespace Pipeline.IntegrationTests.Storage;

public sealed class VersionedBlobsTests(StorageTestEnvironment storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_blob_is_replaced_by_the_same_or_a_later_version_only()
    {
        await using var container = await TemporaryContainer.CreateAsync(storage);
        var blob = container.Client.GetBlobClient("reports/2020-12/summary.json");
        async Task<bool> Write(long revision) =>
            await blob.TryUploadAsync(BinaryData.FromString($"r{revision}"), new BlobHttpHeaders { ContentType = ReportHeaders.Json }, ReportFile.VersionOf("2020-12", revision), Ct);
        async Task<string> Stored() => (await blob.DownloadContentAsync(Ct)).Value.Content.ToString();

        Assert.True(await Write(9));
        Assert.False(await Write(8));
        Assert.Equal("r9", await Stored());
        Assert.True(await Write(9));
        Assert.True(await Write(10));
        Assert.Equal("r10", await Stored());
        Assert.Equal(ReportHeaders.Json, (await blob.GetPropertiesAsync(cancellationToken: Ct)).Value.ContentType);
    }

    [Fact]
    public async Task Writers_racing_with_different_versions_leave_the_latest_whoever_finishes_last()
    {
        await using var container = await TemporaryContainer.CreateAsync(storage);
        var blob = container.Client.GetBlobClient("reports/latest/index.html");
        // Versions of two periods: a later period orders after every revision of an earlier one.
        var versions = Enumerable.Range(1, 12).Select(r => ReportFile.VersionOf("2020-11", r))
            .Concat(Enumerable.Range(1, 12).Select(r => ReportFile.VersionOf("2020-12", r)))
            .OrderBy(_ => Random.Shared.Next())
            .ToList();

        await Task.WhenAll(versions.Select(v => Task.Run(() =>
            blob.TryUploadAsync(BinaryData.FromString(v), new BlobHttpHeaders { ContentType = ReportHeaders.Html }, v, Ct))));

        Assert.Equal(ReportFile.VersionOf("2020-12", 12), (await blob.DownloadContentAsync(Ct)).Value.Content.ToString());
    }
}

/// <summary>A container of the test's own, deleted when the test ends.</summary>
internal sealed class TemporaryContainer : IAsyncDisposable
{
    private TemporaryContainer(BlobContainerClient client) => Client = client;

    public BlobContainerClient Client { get; }

    public static async Task<TemporaryContainer> CreateAsync(StorageTestEnvironment storage)
    {
        var client = storage.Blobs.GetBlobContainerClient(StorageTestEnvironment.UniqueName("versions"));
        await client.CreateAsync(cancellationToken: TestContext.Current.CancellationToken);
        return new TemporaryContainer(client);
    }

    public async ValueTask DisposeAsync() => await Client.DeleteAsync(cancellationToken: CancellationToken.None);
}
