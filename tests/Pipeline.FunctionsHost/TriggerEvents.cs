using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;

namespace Pipeline.FunctionsHost;

/// <summary>
/// What the host's trigger extensions send for the events the app handles, built from the binding the worker
/// indexed, as the host builds them: a new blob for an Event Grid-sourced blob trigger whose path names its container,
/// and an elapsed timer.
/// </summary>
public static class TriggerEvents
{
    /// <summary>
    /// The function whose blob trigger watches <paramref name="container"/>, and its inputs for <paramref name="blobName"/>:
    /// model binding data naming the binding's connection, the container and the blob (what the blob extension sends
    /// for a parameter bound to an SDK type), and the path pattern's values as trigger metadata. Only
    /// <c>container/{parameter}</c> patterns and the Event Grid source are spoken here.
    /// </summary>
    public static (string Function, ParameterBinding Input, Dictionary<string, TypedData> Metadata) BlobCreated(
        IReadOnlyDictionary<string, RpcFunctionMetadata> functions, string container, string blobName)
    {
        foreach (var (name, function) in functions)
        {
            foreach (var raw in function.RawBindings)
            {
                var binding = JsonNode.Parse(raw)!.AsObject();
                if (!string.Equals(Text(binding, "type"), "blobTrigger", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var path = Text(binding, "path") ?? "";
                var slash = path.IndexOf('/');
                if (slash <= 0 || !path[..slash].Equals(container, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!string.Equals(Text(binding, "source"), "EventGrid", StringComparison.OrdinalIgnoreCase))
                {
                    throw new NotSupportedException($"{name}: only Event Grid-sourced blob triggers are delivered (the deployment subscribes them); its source is '{Text(binding, "source") ?? "polling"}'.");
                }

                var pattern = path[(slash + 1)..];
                if (pattern.Length < 3 || pattern[0] != '{' || pattern[^1] != '}' || pattern[1..^1].Contains('{'))
                {
                    throw new NotSupportedException($"{name}: only 'container/{{parameter}}' blob paths are spoken here, not '{path}'.");
                }

                var input = new ParameterBinding
                {
                    Name = Text(binding, "name"),
                    Data = new TypedData
                    {
                        ModelBindingData = new ModelBindingData
                        {
                            Version = "1.0",
                            Source = "AzureStorageBlobs",
                            ContentType = "application/json",
                            Content = ByteString.CopyFromUtf8(new JsonObject
                            {
                                ["Connection"] = Text(binding, "connection") ?? "AzureWebJobsStorage",
                                ["ContainerName"] = container,
                                ["BlobName"] = blobName,
                            }.ToJsonString()),
                        },
                    },
                };
                var metadata = new Dictionary<string, TypedData>
                {
                    [pattern[1..^1]] = new() { String = blobName },
                    ["BlobTrigger"] = new() { String = $"{container}/{blobName}" },
                };
                return (name, input, metadata);
            }
        }

        throw new InvalidOperationException($"No function's blob trigger watches container '{container}'.");
    }

    /// <summary>The timer trigger's function and its <c>TimerInfo</c> payload as the timer extension serialises it.</summary>
    public static (string Function, ParameterBinding Input) TimerElapsed(
        IReadOnlyDictionary<string, RpcFunctionMetadata> functions, DateTimeOffset last, DateTimeOffset next, bool pastDue)
    {
        var (name, binding) = functions
            .SelectMany(f => f.Value.RawBindings.Select(raw => (f.Key, Binding: JsonNode.Parse(raw)!.AsObject())))
            .SingleOrDefault(b => string.Equals(Text(b.Binding, "type"), "timerTrigger", StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            throw new InvalidOperationException("No function has a timer trigger.");
        }

        var payload = new JsonObject
        {
            ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
            ["ScheduleStatus"] = new JsonObject { ["Last"] = last.ToString("O"), ["Next"] = next.ToString("O"), ["LastUpdated"] = last.ToString("O") },
            ["IsPastDue"] = pastDue,
        };
        return (name, new ParameterBinding { Name = Text(binding!, "name"), Data = new TypedData { Json = payload.ToJsonString() } });
    }

    private static string? Text(JsonObject binding, string property) =>
        binding.FirstOrDefault(p => p.Key.Equals(property, StringComparison.OrdinalIgnoreCase)).Value is JsonValue value
            && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
