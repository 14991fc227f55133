using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.FunctionsHost;

/// <summary>
/// Application Insights' ingestion endpoint on loopback: takes what an exporter posts to <c>/v2.1/track</c>
/// (newline-delimited telemetry items, gzipped or not), keeps every item and accepts it, as the service answers.
/// A connection string with <see cref="IngestionEndpoint"/> sends an app's telemetry here instead of to Azure.
/// </summary>
public sealed class IngestionEndpointStandIn : IAsyncDisposable
{
    private readonly WebApplication _server;
    private readonly ConcurrentQueue<JsonObject> _items = new();

    private IngestionEndpointStandIn(WebApplication server) => _server = server;

    public Uri IngestionEndpoint { get; private set; } = null!;

    /// <summary>A connection string that sends telemetry here, with an instrumentation key of its own.</summary>
    public string ConnectionString => $"InstrumentationKey={Guid.NewGuid()};IngestionEndpoint={IngestionEndpoint}";

    /// <summary>Every telemetry item received so far, in the order they arrived.</summary>
    public IReadOnlyList<JsonObject> Items => [.. _items];

    public static async Task<IngestionEndpointStandIn> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var server = builder.Build();
        var standIn = new IngestionEndpointStandIn(server);
        server.MapPost("/v2.1/track", standIn.TrackAsync);
        await server.StartAsync(cancellationToken);
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        standIn.IngestionEndpoint = new Uri(address.TrimEnd('/') + "/");
        return standIn;
    }

    private async Task<IResult> TrackAsync(HttpRequest request)
    {
        Stream body = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(request.Body, CompressionMode.Decompress)
            : request.Body;
        using var reader = new StreamReader(body);
        var received = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line) && JsonNode.Parse(line) is JsonObject item)
            {
                _items.Enqueue(item);
                received++;
            }
        }

        return Results.Json(new { itemsReceived = received, itemsAccepted = received, errors = Array.Empty<object>() });
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
