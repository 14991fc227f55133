using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipeline.IntegrationTests.Infra;

/// <summary>The triggers and bindings the Functions SDK wrote to functions.metadata at build time.</summary>
public sealed partial record FunctionBinding(string Function, string Type, JsonObject Json)
{
    public static IReadOnlyList<FunctionBinding> Load()
    {
        var path = RepositoryPaths.Combine("functions", "Pipeline.Functions", "bin", RepositoryPaths.Configuration, "net10.0", "functions.metadata");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray()
            .OfType<JsonObject>()
            .SelectMany(f => f["bindings"]!.AsArray().OfType<JsonObject>()
                .Select(b => new FunctionBinding((string)f["name"]!, (string)b["type"]!, b)))
            .ToList();
    }

    public string? Connection => (string?)Json["connection"];

    /// <summary>Settings named as %Name% in any of the binding's values (a schedule, a path, …).</summary>
    public IEnumerable<string> ReferencedSettings => Json
        .Select(p => p.Value is JsonValue value && value.TryGetValue<string>(out var text) ? text : null)
        .OfType<string>()
        .SelectMany(text => SettingReference().Matches(text).Select(m => m.Groups[1].Value));

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();
}
