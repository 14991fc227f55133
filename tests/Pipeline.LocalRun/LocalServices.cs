using Microsoft.Extensions.Configuration;
using Pipeline.Adapters.Hosting;
using Pipeline.Testing.ServiceBus;
using Pipeline.Testing.Storage;

namespace Pipeline.LocalRun;

/// <summary>
/// The services a local run talks to: the ones configured in the environment, or, for each connection that is not
/// configured, Azurite and the local Service Bus broker started for the length of the run.
/// </summary>
public sealed class LocalServices(IConfiguration configuration, IReadOnlyList<string> started, IReadOnlyList<IAsyncDisposable> processes, string? subscription)
    : IAsyncDisposable
{
    /// <summary>The subscription a local run reads its own published summaries back from.</summary>
    public const string LocalSubscription = "local-run";

    public IConfiguration Configuration { get; } = configuration;

    /// <summary>What was started here, for the operator to see.</summary>
    public IReadOnlyList<string> Started { get; } = started;

    /// <summary>The subscription of the local broker's summary topic a run reads its summaries back from; null when Service Bus is external.</summary>
    public string? Subscription { get; } = subscription;

    public static async Task<LocalServices> StartAsync(IConfiguration environment, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string?>();
        var started = new List<string>();
        var processes = new List<IAsyncDisposable>();
        string? subscription = null;
        try
        {
            if (!ConnectionSettings.Read(environment, PipelineConnections.StorageName).IsConfigured)
            {
                var azurite = await AzuriteProcess.StartAsync(cancellationToken);
                processes.Add(azurite);
                overrides[PipelineConnections.StorageName] = azurite.ConnectionString;
                started.Add($"Azurite on 127.0.0.1 (blob :{azurite.BlobPort}, table :{azurite.TablePort})");
            }

            if (!ConnectionSettings.Read(environment, PipelineConnections.ServiceBusName).IsConfigured)
            {
                var broker = await ServiceBusTestBroker.StartAsync(cancellationToken: cancellationToken);
                processes.Add(broker);
                var entity = environment[$"{PipelineOptions.Section}:{nameof(PipelineOptions.SummaryEntity)}"]
                    ?? new PipelineOptions().SummaryEntity;
                broker.CreateTopic(entity, new EntityOptions(RequiresDuplicateDetection: true));
                broker.CreateSubscription(entity, LocalSubscription);
                subscription = LocalSubscription;
                overrides[PipelineConnections.ServiceBusName] = broker.ConnectionString;
                started.Add($"local Service Bus broker on 127.0.0.1:{broker.Port} (topic {entity})");
            }
        }
        catch
        {
            await DisposeAllAsync(processes);
            throw;
        }

        var configuration = new ConfigurationBuilder().AddConfiguration(environment).AddInMemoryCollection(overrides).Build();
        return new LocalServices(configuration, started, processes, subscription);
    }

    public ValueTask DisposeAsync() => DisposeAllAsync(processes);

    private static async ValueTask DisposeAllAsync(IEnumerable<IAsyncDisposable> processes)
    {
        foreach (var process in processes.Reverse())
        {
            await process.DisposeAsync();
        }
    }
}
