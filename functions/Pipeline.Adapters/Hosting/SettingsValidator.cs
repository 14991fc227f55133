using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Pipeline.Adapters.Hosting;

/// <summary>Start-up checks whose messages name the setting to fix, as an operator would type it.</summary>
public sealed class SettingsValidator : IValidateOptions<PipelineOptions>, IValidateOptions<PipelineConnections>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return Result(results.Select(r =>
            $"Setting '{PipelineOptions.Section}__{r.MemberNames.FirstOrDefault()}' {Describe(r.ErrorMessage)}."));
    }

    public ValidateOptionsResult Validate(string? name, PipelineConnections connections)
    {
        var failures = new List<string>();
        Check(connections.Storage, failures, PipelineConnections.BlobEndpoint, PipelineConnections.TableEndpoint);
        Check(connections.ServiceBus, failures, PipelineConnections.ServiceBusEndpoint);
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
