using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Divisions;

internal sealed record RegistryDocument(RegistryDistrict District, IReadOnlyList<RegistryStreet> Streets, IReadOnlyList<RegistryGroup>? Groups, IReadOnlyList<string>? ServiceModes)
{
    public string? Version { get; init; }
}

internal sealed record RegistryDistrict(string Code, string Name);

internal sealed record RegistryStreet(string Code, string Name, IReadOnlyList<string>? Aliases, IReadOnlyList<RegistryCommunity>? Communities)
{
    public string? Kind { get; init; }

    public string? From { get; init; }

    public string? Until { get; init; }

    public IReadOnlyList<string>? Successors { get; init; }
}

internal sealed record RegistryCommunity(string Code, string Name)
{
    public IReadOnlyList<string>? Aliases { get; init; }

    public string? Kind { get; init; }

    public string? From { get; init; }

    public string? Until { get; init; }

    public IReadOnlyList<string>? Successors { get; init; }
}

internal sealed record RegistryGroup(string Code, string Name, IReadOnlyList<string>? Communities);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(RegistryDocument))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
