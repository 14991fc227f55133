using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Hosting;
using Pipeline.Core.Divisions;

namespace Pipeline.Benchmarks;

/// <summary>The app's services over the benchmark's storage, with containers and tables of their own.</summary>
public static class ServiceSetup
{
    public static ServiceProvider Create(string storageConnection, DivisionRegistry registry)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage"] = storageConnection,
            // No broker: publishing is not measured here, so it fails fast and summaries wait in the outbox.
            ["ServiceBus"] = "Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true",
            ["Pipeline:ServiceBusMaxRetries"] = "0",
            ["Pipeline:ServiceBusTryTimeoutSeconds"] = "5",
            ["Pipeline:DistrictCode"] = registry.DistrictCode,
            ["Pipeline:TablePrefix"] = $"B{id}",
            ["Pipeline:UploadsContainer"] = $"bench-uploads-{id}",
            ["Pipeline:ResultsContainer"] = $"bench-results-{id}",
            ["Pipeline:QuarantineContainer"] = $"bench-quarantine-{id}",
            ["Pipeline:WebContainer"] = $"bench-web-{id}",
            ["Pipeline:SummariesContainer"] = $"bench-summaries-{id}",
        }).Build();
        return new ServiceCollection().AddLogging().AddPipeline(configuration).BuildServiceProvider();
    }
}
