using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters;
using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Hosting;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Ingest;
using Pipeline.IntegrationTests.Storage;
using Pipeline.Core.Model;

namespace Pipeline.IntegrationTests.Ingest;

/// <summary>
/// The app's services over the test storage account, with containers and tables of its own (unique names), so
/// tests run side by side; disposing it deletes them.
/// </summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public PipelineHarness(StorageTestEnvironment storage, Dictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var values = new Dictionary<string, string?>
        {
            ["Storage"] = storage.ConnectionString,
            // Nothing listens here: publishing fails fast and summaries stay in the outbox, unless a test gives a broker.
            ["ServiceBus"] = "Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true",
            ["Pipeline:ServiceBusMaxRetries"] = "0",
            ["Pipeline:ServiceBusTryTimeoutSeconds"] = "5",
            ["Pipeline:TablePrefix"] = $"T{id}",
            ["Pipeline:UploadsContainer"] = $"uploads-{id}",
            ["Pipeline:ResultsContainer"] = $"results-{id}",
            ["Pipeline:QuarantineContainer"] = $"quarantine-{id}",
            ["Pipeline:WebContainer"] = $"web-{id}",
            ["Pipeline:SummariesContainer"] = $"summaries-{id}",
            // Sign-in settings the start-up accepts (the report stays SignedIn); nothing listens at the authority.
            ["Pipeline:ReportTenantId"] = "00000000-0000-0000-0000-0000000000a1",
            ["Pipeline:ReportClientId"] = "00000000-0000-0000-0000-0000000000c1",
            ["Pipeline:ReportAllowedGroups"] = "00000000-0000-0000-0000-0000000000f1",
            ["Pipeline:ReportAuthority"] = "http://127.0.0.1:1",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        Settings = values;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddPipeline(configuration).AddReportSignIn(configuration);
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        _provider = services.BuildServiceProvider();
    }

    public IServiceProvider Services => _provider;

    /// <summary>A harness that publishes to <paramref name="topic"/> on the test broker.</summary>
    public static PipelineHarness WithBroker(StorageTestEnvironment storage, ServiceBus.ServiceBusTestEnvironment bus, string topic, TimeProvider? clock = null) =>
        new(storage, new()
        {
            ["ServiceBus"] = bus.ConnectionString,
            ["Pipeline:SummaryEntity"] = topic,
            ["Pipeline:ServiceBusMaxRetries"] = "1",
        }, clock);

    /// <summary>The settings the harness runs with, as configuration keys (Pipeline:TablePrefix …).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The same settings as the environment variables a child process of the CLI reads (Pipeline__TablePrefix …).</summary>
    public Dictionary<string, string?> Environment() => Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);

    public PipelineStorage Storage => _provider.GetRequiredService<PipelineStorage>();

    public UploadIngestion Ingestion => _provider.GetRequiredService<UploadIngestion>();

    public SliceStore Slices => _provider.GetRequiredService<SliceStore>();

    public UploadProcessing Processing => _provider.GetRequiredService<UploadProcessing>();

    public FiguresStore Figures => _provider.GetRequiredService<FiguresStore>();

    public FiguresRecompute Recompute => _provider.GetRequiredService<FiguresRecompute>();

    public SummaryReader Summaries => _provider.GetRequiredService<SummaryReader>();

    public async Task<ProcessedUpload> UploadAndProcessAsync(string path, byte[] content)
    {
        await UploadAsync(path, content);
        return await Processing.ProcessAsync(path, cancellationToken: TestContext.Current.CancellationToken);
    }

    public async Task UploadAsync(string path, byte[] content)
    {
        await Storage.EnsureCreatedAsync();
        // Storage orders uploads by Last-Modified (whole seconds): successive uploads land in successive seconds, as a clerk's would.
        await _provider.GetRequiredService<OrderedUploads>().UploadAsync(Storage.Uploads.GetBlobClient(path), new MemoryStream(content), TestContext.Current.CancellationToken);
    }

    public async Task<IngestOutcome> UploadAndIngestAsync(string path, byte[] content)
    {
        await UploadAsync(path, content);
        return await Ingestion.IngestAsync(path, cancellationToken: TestContext.Current.CancellationToken);
    }

    public async Task<List<FormRow>> CurrentAsync(string form, string period, string street) =>
        [.. (await Slices.ReadCurrentAsync(new SliceKey(form, period, street), TestContext.Current.CancellationToken))
            .Select(e => RecordEntities.FromEntity(form, e))];

    /// <summary>Every row in the rows table, of every revision: what is left behind after switches.</summary>
    public async Task<List<TableEntity>> AllStoredRowsAsync() =>
        await Storage.Rows.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]).ToListAsync();

    /// <summary>Headers of the CSV uploads tests write.</summary>
    public const string RosterHeader = "街道,社区,小区名称,是否有物业,物业服务方式,业主组织,党组织覆盖";
    public const string CountsHeader = "街道,社区,受理量,有效回访,已联系,已解决,满意,基本满意,不满意";
    public const string TicketHeader = "工单编号,来电时间,主要内容,被反映街乡镇,社区,是否有效回访,是否联系,是否解决,是否满意";

    /// <summary>A roster of <paramref name="compounds"/> compounds of one street, the first <paramref name="withService"/> with property service (all by default).</summary>
    public static byte[] RosterCsv(string street, int compounds, int? withService = null) =>
        Csv([RosterHeader, .. Enumerable.Range(0, compounds).Select(i => $"{street},某社区,小区{i},{(i < (withService ?? compounds) ? "是" : "否")},专业物业,业委会,是")]);

    public static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    public async ValueTask DisposeAsync()
    {
        var storage = Storage;
        var blobs = _provider.GetRequiredService<BlobServiceClient>();
        var tables = _provider.GetRequiredService<TableServiceClient>();
        foreach (var container in new[] { storage.Uploads, storage.Results, storage.Quarantine, storage.Web, storage.Summaries })
        {
            await blobs.GetBlobContainerClient(container.Name).DeleteIfExistsAsync();
        }

        foreach (var table in new[] { storage.Manifests, storage.Rows, storage.Receipts, storage.Figures, storage.Outbox })
        {
            await tables.DeleteTableAsync(table.Name);
        }

        await _provider.DisposeAsync();
    }
}
