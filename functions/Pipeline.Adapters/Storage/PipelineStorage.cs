using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using Pipeline.Adapters.Hosting;

namespace Pipeline.Adapters.Storage;

/// <summary>The containers and tables of the data account, named from settings and created once per process.</summary>
public sealed class PipelineStorage(BlobServiceClient blobs, TableServiceClient tables, IOptions<PipelineOptions> options)
{
    private readonly Lock _lock = new();
    private Task? _created;

    public PipelineOptions Options => options.Value;

    public BlobContainerClient Uploads => blobs.GetBlobContainerClient(Options.UploadsContainer);

    public BlobContainerClient Results => blobs.GetBlobContainerClient(Options.ResultsContainer);

    public BlobContainerClient Quarantine => blobs.GetBlobContainerClient(Options.QuarantineContainer);

    public BlobContainerClient Web => blobs.GetBlobContainerClient(Options.WebContainer);

    public BlobContainerClient Summaries => blobs.GetBlobContainerClient(Options.SummariesContainer);

    /// <summary>Per period: which revision of each (kind, street) slice is current.</summary>
    public TableClient Manifests => tables.GetTableClient(TableName(Options, "Manifests"));

    /// <summary>Accepted rows, one partition per slice revision.</summary>
    public TableClient Rows => tables.GetTableClient(TableName(Options, "Rows"));

    /// <summary>One receipt per file content (and the period it was given).</summary>
    public TableClient Receipts => tables.GetTableClient(TableName(Options, "Receipts"));

    /// <summary>Creates what is missing, once; a failed attempt (storage unreachable) is tried again on the next call.</summary>
    /// <summary>Street aggregates, the district's revision, and community figures per period.</summary>
    public TableClient Figures => tables.GetTableClient(TableName(Options, "Figures"));

    /// <summary>Summaries waiting to be sent, and the ones sent.</summary>
    public TableClient Outbox => tables.GetTableClient(TableName(Options, "Outbox"));

    public Task EnsureCreatedAsync()
    {
        lock (_lock)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled)
            {
                _created = CreateAllAsync(blobs, tables, Options);
            }

            return _created;
        }
    }

    private static string TableName(PipelineOptions options, string name) => options.TablePrefix + name;

    private static async Task CreateAllAsync(BlobServiceClient blobs, TableServiceClient tables, PipelineOptions options)
    {
        string[] containers = [options.UploadsContainer, options.ResultsContainer, options.QuarantineContainer, options.WebContainer, options.SummariesContainer];
        string[] tableNames = ["Manifests", "Rows", "Receipts", "Figures", "Outbox"];
        await Task.WhenAll(
            containers.Select(c => blobs.GetBlobContainerClient(c).CreateIfNotExistsAsync())
                .Concat<Task>(tableNames.Select(t => tables.CreateTableIfNotExistsAsync(TableName(options, t)))));
    }
}
