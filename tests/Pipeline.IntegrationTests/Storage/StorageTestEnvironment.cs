using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Pipeline.IntegrationTests.Storage;
using Pipeline.Testing.Storage;

[assembly: AssemblyFixture(typeof(StorageTestEnvironment))]

namespace Pipeline.IntegrationTests.Storage;

/// <summary>
/// One storage account for the whole test run: Azurite started here, or the account whose connection string is in
/// PIPELINE_TEST_STORAGE. Tests take unique container and table names from it and clean up after themselves.
/// </summary>
public sealed class StorageTestEnvironment : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString { get; private set; } = "";

    public BlobServiceClient Blobs { get; private set; } = null!;

    public TableServiceClient Tables { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("PIPELINE_TEST_STORAGE");
        if (string.IsNullOrWhiteSpace(configured))
        {
            _azurite = await AzuriteProcess.StartAsync();
            configured = _azurite.ConnectionString;
        }

        ConnectionString = configured;
        Blobs = new BlobServiceClient(ConnectionString);
        Tables = new TableServiceClient(ConnectionString);
    }

    /// <summary>A name no other test uses: lower-case letters and digits, valid for containers and tables alike.</summary>
    public static string UniqueName(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 12, 63)];

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
