using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Pipeline.Adapters.Hosting;

/// <summary>Start-up checks whose messages name the setting to fix, as an operator would type it.</summary>
public sealed class SettingsValidator : IValidateOptions<PipelineOptions>, IValidateOptions<PipelineConnections>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options) =>
        Result(Annotations(PipelineOptions.Section, options).Concat(Registry(options)).Concat(Catalog()));

    /// <summary>The built-in form catalog is checked like any catalog: a problem in it stops the app at start-up, named.</summary>
    private static IEnumerable<string> Catalog()
    {
        try
        {
            _ = Core.Forms.FormCatalogs.Builtin;
            return [];
        }
        catch (InvalidOperationException e)
        {
            return [e.Message];
        }
    }

    /// <summary>A registry file is read at start-up, so a broken one (a group naming an unknown community) stops the app there.</summary>
    private static IEnumerable<string> Registry(PipelineOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RegistryFile))
        {
            return [];
        }

        try
        {
            var registry = Core.Divisions.DivisionRegistry.Parse(File.ReadAllText(options.RegistryFile));
            return registry.DistrictCode == options.DistrictCode ? []
                : [$"Setting '{PipelineOptions.Section}__RegistryFile' is for district {registry.DistrictCode}, but '{PipelineOptions.Section}__DistrictCode' is {options.DistrictCode}."];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException)
        {
            return [$"Setting '{PipelineOptions.Section}__RegistryFile' ({options.RegistryFile}): {e.Message}"];
        }
    }

    private static IEnumerable<string> Annotations(string section, object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => $"Setting '{section}__{r.MemberNames.FirstOrDefault()}' {Describe(r.ErrorMessage)}.");
    }

    public ValidateOptionsResult Validate(string? name, PipelineConnections connections)
    {
        var failures = new List<string>();
        Check(connections.Storage, failures, PipelineConnections.BlobEndpoint, PipelineConnections.TableEndpoint);
        if (connections.ServiceBusRequired || connections.ServiceBus.Endpoints.Count > 0)
        {
            Check(connections.ServiceBus, failures, PipelineConnections.ServiceBusEndpoint);
        }
        return Result(failures);
    }

    private static void Check(ConnectionSettings connection, List<string> failures, params string[] endpointKeys)
    {
        var missing = connection.MissingEndpoints(endpointKeys).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var keys = string.Join(" and ", endpointKeys.Select(key => $"'{connection.Name}__{key}'"));
        failures.Add(connection.Endpoints.Count == 0
            ? $"Setting '{connection.Name}' is missing: set it to a connection string, or set {keys} to use managed identity."
            : $"Setting {string.Join(" and ", missing.Select(key => $"'{connection.Name}__{key}'"))} is missing.");
    }

    private static string Describe(string? error) =>
        error is null ? "is invalid"
        : error.EndsWith("field is required.", StringComparison.Ordinal) ? "is required"
        : error.TrimEnd('.');

    private static ValidateOptionsResult Result(IEnumerable<string> failures)
    {
        var list = failures.ToList();
        return list.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(list);
    }
}
