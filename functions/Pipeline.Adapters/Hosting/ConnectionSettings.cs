using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Pipeline.Adapters.Hosting;

/// <summary>
/// How to reach one service. Either the setting <c>Name</c> holds a connection string (local runs), or endpoint
/// settings such as <c>Name__blobServiceUri</c> plus <c>Name__credential</c> and <c>Name__clientId</c> select an
/// Entra ID credential (Azure, managed identity): the identity-based convention of the Functions runtime.
/// </summary>
public sealed record ConnectionSettings(string Name, string? ConnectionString, IReadOnlyDictionary<string, string> Endpoints, TokenCredential? Credential)
{
    public static ConnectionSettings Missing(string name) => new(name, null, new Dictionary<string, string>(), null);

    public static ConnectionSettings Read(IConfiguration configuration, string name, params string[] endpointKeys)
    {
        var section = configuration.GetSection(name);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return Missing(name) with { ConnectionString = section.Value.Trim() };
        }

        var endpoints = endpointKeys
            .Where(key => !string.IsNullOrWhiteSpace(section[key]))
            .ToDictionary(key => key, key => section[key]!.Trim(), StringComparer.OrdinalIgnoreCase);
        return new(name, null, endpoints, endpoints.Count == 0 ? null : CreateCredential(section));
    }

    /// <summary>Set at all: a connection string or at least one endpoint.</summary>
    public bool IsConfigured => ConnectionString is not null || Endpoints.Count > 0;

    /// <summary>The endpoint settings this connection lacks; empty when a connection string is set.</summary>
    public IEnumerable<string> MissingEndpoints(params string[] endpointKeys) =>
        ConnectionString is not null ? [] : endpointKeys.Where(key => !Endpoints.ContainsKey(key));

    public string Endpoint(string key) => Endpoints[key];

    private static TokenCredential CreateCredential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        if (string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return new ManagedIdentityCredential(string.IsNullOrWhiteSpace(clientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
