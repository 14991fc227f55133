using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Pipeline.Functions.Hosting;

/// <summary>
/// The worker logs at the levels <c>host.json</c> sets. The host files every log line a worker sends under its
/// function's category, so its own filters by category (<c>Azure.Core: Warning</c>) never see the worker's SDK
/// categories: without this the SDKs' per-request Information lines would reach the host and Application Insights.
/// </summary>
public static class HostJsonLogLevels
{
    public static ILoggingBuilder AddLevelsOfHostJson(this ILoggingBuilder logging)
    {
        var hostJson = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("host.json", optional: true)
            .Build();
        // host.json's "logging" section has the shape logging configuration reads: "logLevel": { category: level }.
        logging.AddConfiguration(hostJson.GetSection("logging"));
        return logging;
    }
}
