using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pipeline.Adapters.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything the functions and the CLI share: validated settings, one client per Azure service, the clock.</summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddPipelineSettings(configuration)
            .AddPipelineAzureClients()
            .AddPipelineStages()
            .AddSingleton(TimeProvider.System);

    public static IServiceCollection AddPipelineSettings(this IServiceCollection services, IConfiguration configuration)
    {
        var validator = new SettingsValidator();
        services.AddSingleton<IValidateOptions<PipelineOptions>>(validator);
        services.AddSingleton<IValidateOptions<PipelineConnections>>(validator);
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetiredSettings>, RetiredSettingsValidator>();
        services.AddOptions<RetiredSettings>().Configure(retired => retired.Found = RetiredSettings.Find(configuration)).ValidateOnStart();
        services.AddOptions<PipelineConnections>().Configure(connections =>
        {
            connections.Storage = ConnectionSettings.Read(configuration, PipelineConnections.StorageName,
                PipelineConnections.BlobEndpoint, PipelineConnections.TableEndpoint);
            connections.ServiceBus = ConnectionSettings.Read(configuration, PipelineConnections.ServiceBusName,
                PipelineConnections.ServiceBusEndpoint);
        }).ValidateOnStart();
        return services;
    }

    /// <summary>The report's sign-in settings, checked at start-up: for the function app, which serves the report.</summary>
    public static IServiceCollection AddReportSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<ReportSignInOptions>, ReportSignInValidator>();
        services.AddOptions<ReportSignInOptions>().Bind(configuration.GetSection(PipelineOptions.Section)).ValidateOnStart();
        return services;
    }

    /// <summary>One long-lived client per service: a connection string locally, managed identity in Azure.</summary>
    public static IServiceCollection AddPipelineAzureClients(this IServiceCollection services)
    {
        services.AddAzureClients(clients =>
        {
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, _, provider) =>
                Storage(provider) is { ConnectionString: { } cs }
                    ? new BlobServiceClient(cs, options)
                    : new BlobServiceClient(new Uri(Storage(provider).Endpoint(PipelineConnections.BlobEndpoint)), Storage(provider).Credential, options));
            clients.AddClient<TableServiceClient, TableClientOptions>((options, _, provider) =>
                Storage(provider) is { ConnectionString: { } cs }
                    ? new TableServiceClient(cs, options)
                    : new TableServiceClient(new Uri(Storage(provider).Endpoint(PipelineConnections.TableEndpoint)), Storage(provider).Credential, options));
            clients.AddClient<ServiceBusClient, ServiceBusClientOptions>((options, _, provider) =>
            {
                var settings = provider.GetRequiredService<IOptions<PipelineOptions>>().Value;
                options.RetryOptions.TryTimeout = TimeSpan.FromSeconds(settings.ServiceBusTryTimeoutSeconds);
                options.RetryOptions.MaxRetries = settings.ServiceBusMaxRetries;
                options.RetryOptions.MaxDelay = TimeSpan.FromSeconds(10);
                return ServiceBus(provider) is { ConnectionString: { } cs }
                    ? new ServiceBusClient(cs, options)
                    : new ServiceBusClient(ServiceBus(provider).Endpoint(PipelineConnections.ServiceBusEndpoint), ServiceBus(provider).Credential, options);
            });
        });
        return services;
    }

    private static ConnectionSettings Storage(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<PipelineConnections>>().Value.Storage;

    private static ConnectionSettings ServiceBus(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<PipelineConnections>>().Value.ServiceBus;
}
