using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pipeline.FunctionsHost;

/// <summary>
/// Application Insights' ingestion endpoint on loopback: takes what an exporter posts to <c>/v2.1/track</c>
/// (newline-delimited telemetry items, gzipped or not), keeps every item and accepts it, as the service answers.
/// A connection string with <see cref="IngestionEndpoint"/> sends an app's telemetry here instead of to Azure.
/// </summary>
public sealed class IngestionEndpointStandIn : IAsyncDisposable
{
    private readonly WebApplication _server;
    private readonly ConcurrentQueue<JsonObject> _items;

    private IngestionEndpointStandIn(WebApplication server, ConcurrentQueue<JsonObject> items)
    {
        _server = server;
        _items = items;
    }

    public required Uri IngestionEndpoint { get; init; }

    /// <summary>A connection string that sends telemetry here, with an instrumentation key of its own.</summary>
    public string ConnectionString => $"InstrumentationKey={Guid.NewGuid()};IngestionEndpoint={IngestionEndpoint}";

    /// <summary>Every telemetry item received so far, in the order they arrived.</summary>
    public IReadOnlyList<JsonObject> Items => [.. _items];

    public static async Task<IngestionEndpointStandIn> StartAsync(CancellationToken cancellationToken)
    {
        var items = new ConcurrentQueue<JsonObject>();
        var (server, address) = await LoopbackServer.StartAsync(app => app.MapPost("/v2.1/track", (HttpRequest request) => TrackAsync(request, items)), cancellationToken);
        return new IngestionEndpointStandIn(server, items) { IngestionEndpoint = address };
    }

    private static async Task<IResult> TrackAsync(HttpRequest request, ConcurrentQueue<JsonObject> items)
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
                items.Enqueue(item);
                received++;
            }
        }

        return Results.Json(new { itemsReceived = received, itemsAccepted = received, errors = Array.Empty<object>() });
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
