using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Pipeline.Adapters.Telemetry;

namespace Pipeline.Functions.Telemetry;

/// <summary>
/// The worker's telemetry: OpenTelemetry (logs, the invocations' traces, the <c>Pipeline</c> meter) exported to
/// Application Insights by the Azure Monitor exporter, the same route the host takes with <c>telemetryMode</c>
/// OpenTelemetry in host.json. Without a connection string nothing is added and nothing is sent.
/// </summary>
public static class TelemetryRegistration
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static FunctionsApplicationBuilder AddPipelineTelemetry(this FunctionsApplicationBuilder builder)
    {
        var connectionString = builder.Configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return builder;
        }

        var credential = Credential(builder.Configuration[AuthenticationSetting]);
        builder.Services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .UseAzureMonitorExporter()
            .WithMetrics(metrics => metrics.AddMeter(PipelineMetrics.MeterName));
        builder.Services.Configure<AzureMonitorExporterOptions>(options =>
        {
            options.ConnectionString = connectionString;
            options.Credential = credential;
        });
        return builder;
    }

    /// <summary>
    /// The Entra ID credential the authentication setting asks for, in the form the host reads too:
    /// <c>Authorization=AAD</c>, with <c>ClientId=…</c> for a user-assigned managed identity. Without it, none
    /// (a component that still takes its instrumentation key).
    /// </summary>
    public static TokenCredential? Credential(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication))
        {
            return null;
        }

        var parts = authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "", StringComparer.OrdinalIgnoreCase);
        if (!string.Equals(parts.GetValueOrDefault("Authorization"), "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Setting '{AuthenticationSetting}' must say 'Authorization=AAD' (and 'ClientId=…' of a user-assigned identity), not '{authentication}'.");
        }

        return new ManagedIdentityCredential(parts.GetValueOrDefault("ClientId") is { Length: > 0 } clientId
            ? ManagedIdentityId.FromUserAssignedClientId(clientId)
            : ManagedIdentityId.SystemAssigned);
    }
}
