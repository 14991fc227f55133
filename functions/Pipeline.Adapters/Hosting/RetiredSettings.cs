using Microsoft.Extensions.Options;

namespace Pipeline.Adapters.Hosting;

/// <summary>
/// Settings that described forms and are now fields of the form catalog. None is read; one still set stops the app at
/// start-up, naming the catalog field that replaced it, so a district does not believe an old setting still applies.
/// </summary>
public sealed class RetiredSettings
{
    public string? SubmissionsOwed { get; set; }
}

/// <summary>Fails the start on any retired setting still set.</summary>
public sealed class RetiredSettingsValidator : IValidateOptions<RetiredSettings>
{
    public ValidateOptionsResult Validate(string? name, RetiredSettings settings)
    {
        var failures = new List<string>();
        if (settings.SubmissionsOwed is not null)
        {
            failures.Add($"Setting '{PipelineOptions.Section}__SubmissionsOwed' is no longer read: what streets owe is each form's 'owedBy' " +
                "in the form catalog (forms[].owedBy, and forms[].feeds for a form that meets another's obligation); remove the setting and publish a catalog version instead.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
