using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Adapters.Hosting;

namespace Pipeline.Cli.Hosting;

/// <summary>The same services the functions app registers, built for one CLI invocation.</summary>
public static class CliServices
{
    /// <summary>Settings from environment variables, named as in the app's settings (Storage, Pipeline__DistrictCode …).</summary>
    public static IConfiguration Environment() => new ConfigurationBuilder().AddEnvironmentVariables().Build();

    /// <param name="serviceBus">False for verbs that only read and write storage: then Service Bus need not be configured.</param>
    public static ServiceProvider Create(IConfiguration configuration, bool verbose, bool serviceBus = true)
    {
        var services = new ServiceCollection();
        if (!serviceBus)
        {
            services.PostConfigure<PipelineConnections>(connections => connections.ServiceBusRequired = false);
        }

        var provider = services
            // Logs go to stderr, one line each, so stdout carries only the command's result (and --json stays JSON);
            // the SDKs' own logs only with --verbose.
            .AddLogging(logging => logging
                .AddConsole(console =>
                {
                    console.FormatterName = OneLineFormatter.Name;
                    console.LogToStandardErrorThreshold = LogLevel.Trace;
                })
                .AddConsoleFormatter<OneLineFormatter, OneLineFormatterOptions>(formatter => formatter.Verbose = verbose)
                .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning)
                .AddFilter("Azure", verbose ? LogLevel.Warning : LogLevel.None))
            .AddPipeline(configuration)
            .BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }

    /// <summary>Verbs that work on stored data need a storage account: say which setting to set when there is none.</summary>
    public static void RequireStorage(IConfiguration configuration)
    {
        if (!ConnectionSettings.Read(configuration, PipelineConnections.StorageName).IsConfigured)
        {
            throw new CliEnvironmentException(
                "no storage account is configured: set 'Storage' to a connection string (or Storage__blobServiceUri and " +
                "Storage__tableServiceUri), or run scripts/run.sh, which starts local ones.");
        }
    }
}
