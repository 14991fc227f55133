using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Pipeline.Adapters.Hosting;

/// <summary>
/// Settings that described forms and are now fields of the form catalog. None is read; one still set stops the app at
/// start-up, naming the catalog field that replaced it, so a district does not believe an old setting still applies.
/// </summary>
public sealed class RetiredSettings
{
    /// <summary>Each retired setting found (its <c>__</c> name) with the catalog field that replaced it.</summary>
    public IReadOnlyList<(string Setting, string Replacement)> Found { get; set; } = [];

    public static IReadOnlyList<(string Setting, string Replacement)> Find(IConfiguration configuration)
    {
        var found = new List<(string, string)>();
        if (configuration[$"{PipelineOptions.Section}:SubmissionsOwed"] is not null)
        {
            found.Add(($"{PipelineOptions.Section}__SubmissionsOwed",
                "each form's 'owedBy' (forms[].owedBy, and forms[].feeds for a form that meets another's obligation)"));
        }

        foreach (var name in new[] { "PlausibilityCompoundChange", "PlausibilityAppealsFactor", "PlausibilityRatePoints" })
        {
            if (configuration[$"{PipelineOptions.Section}:{name}"] is not null)
            {
                found.Add(($"{PipelineOptions.Section}__{name}", "the threshold of the form's plausibility rule (forms[].plausibility[].threshold)"));
            }
        }

        foreach (var (key, value) in configuration.GetSection("Figures").AsEnumerable().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (value is null)
            {
                continue;
            }

            var setting = key.Replace(":", "__", StringComparison.Ordinal);
            var name = key["Figures:".Length..];
            found.Add((setting, name switch
            {
                "BasicSatisfiedWeight" => "the satisfaction indicator's numerator (indicators[satisfactionRate].numerator, which weighs basic_satisfied)",
                "ResponseWeight" or "ResolutionWeight" or "SatisfactionWeight" => "the score's weights (score.weights)",
                _ when name.StartsWith("Targets:", StringComparison.OrdinalIgnoreCase) => $"the indicator's target (indicators[{name["Targets:".Length..]}].target)",
                _ => "the indicators and score of the form catalog (indicators[], score)",
            }));
        }

        return found;
    }
}

/// <summary>Fails the start on any retired setting still set.</summary>
public sealed class RetiredSettingsValidator : IValidateOptions<RetiredSettings>
{
    public ValidateOptionsResult Validate(string? name, RetiredSettings settings) =>
        settings.Found.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(settings.Found.Select(f =>
                $"Setting '{f.Setting}' is no longer read: it is {f.Replacement} in the form catalog; remove the setting and publish a catalog version instead."));
}
