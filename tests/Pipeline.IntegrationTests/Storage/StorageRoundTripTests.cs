using Azure;
using Azure.Data.Tables;

namespace Pipeline.IntegrationTests.Storage;

public sealed class StorageRoundTripTests(StorageTestEnvironment storage)
{
    [Fact]
    public async Task A_transaction_of_100_entities_commits_all_of_them_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = storage.Tables.GetTableClient(StorageTestEnvironment.UniqueName("tx"));
        await table.CreateAsync(ct);
        try
        {
            var actions = Enumerable.Range(0, 100)
                .Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    new TableEntity("110115003000", $"row{i:D3}") { ["Households"] = i }))
                .ToList();

            var response = await table.SubmitTransactionAsync(actions, ct);

            Assert.Equal(100, response.Value.Count);
            var rows = await table.QueryAsync<TableEntity>(e => e.PartitionKey == "110115003000", cancellationToken: ct).ToListAsync(ct);
            Assert.Equal(100, rows.Count);
            Assert.Equal(Enumerable.Range(0, 100).Sum(), rows.Sum(r => r.GetInt32("Households")!.Value));
        }
        finally
        {
            await table.DeleteAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_failing_transaction_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = storage.Tables.GetTableClient(StorageTestEnvironment.UniqueName("tx"));
        await table.CreateAsync(ct);
        try
        {
            await table.AddEntityAsync(new TableEntity("p", "row050"), ct);
            // Adding row050 again conflicts: the whole batch must fail, not only that entity.
            var actions = Enumerable.Range(0, 100)
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"row{i:D3}")))
                .ToList();

            var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(actions, ct));

            Assert.Equal(50, failure.FailedTransactionActionIndex);
            var rows = await table.QueryAsync<TableEntity>(cancellationToken: ct).ToListAsync(ct);
            Assert.Single(rows);
        }
        finally
        {
            await table.DeleteAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_blob_round_trips_with_its_content_type_and_hash()
    {
        var ct = TestContext.Current.CancellationToken;
        var container = storage.Blobs.GetBlobContainerClient(StorageTestEnvironment.UniqueName("rt"));
        await container.CreateAsync(cancellationToken: ct);
        try
        {
            var content = System.Text.Encoding.UTF8.GetBytes("街道,社区,小区名称\n清源街道,枣园社区,枣园小区\n");
            var blob = container.GetBlobClient("2020-12/清源街道.csv");
            await blob.UploadAsync(new BinaryData(content), new Azure.Storage.Blobs.Models.BlobUploadOptions
            {
                HttpHeaders = new() { ContentType = "text/csv; charset=utf-8" },
            }, ct);

            var downloaded = await blob.DownloadContentAsync(ct);

            Assert.Equal(content, downloaded.Value.Content.ToArray());
            Assert.Equal("text/csv; charset=utf-8", downloaded.Value.Details.ContentType);
            Assert.Equal(System.Security.Cryptography.MD5.HashData(content), downloaded.Value.Details.ContentHash);
        }
        finally
        {
            await container.DeleteAsync(cancellationToken: CancellationToken.None);
        }
    }
}
