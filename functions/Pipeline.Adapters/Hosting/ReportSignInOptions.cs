using Microsoft.Extensions.Options;

namespace Pipeline.Adapters.Hosting;

/// <summary>
/// Whose Entra ID tokens the report accepts under <c>Pipeline__ReportAccess=SignedIn</c> (section <c>Pipeline</c>,
/// like the rest of the app's settings). Only the function app serves the report, so only it binds and checks these:
/// the CLI starts without them.
/// </summary>
public sealed class ReportSignInOptions
{
    public const string DefaultAuthority = "https://login.microsoftonline.com";

    /// <summary>Entra tenant (id) of the report's app registration and of the officials.</summary>
    public string ReportTenantId { get; set; } = "";

    /// <summary>Application (client) id of the report's app registration: the tokens' audience.</summary>
    public string ReportClientId { get; set; } = "";

    /// <summary>Object ids of the Entra groups whose members may read the report, separated by commas.</summary>
    public string ReportAllowedGroups { get; set; } = "";

    /// <summary>Where the tenant's keys are read from: another for a sovereign cloud (Azure China: https://login.partner.microsoftonline.cn).</summary>
    public string ReportAuthority { get; set; } = DefaultAuthority;

    /// <summary>Whether the report's app registration is named at all; without it no token can be checked, so nobody is admitted.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ReportClientId);
}

/// <summary>The sign-in settings must be whole when the report is SignedIn; with Anonymous they are not read.</summary>
public sealed class ReportSignInValidator(IOptions<PipelineOptions> pipeline) : IValidateOptions<ReportSignInOptions>
{
    private const string Section = PipelineOptions.Section;

    public ValidateOptionsResult Validate(string? name, ReportSignInOptions options)
    {
        // Not set up yet (a first deployment, before the app registration exists): the app starts and ingests, and the
        // report refuses everyone until the client id is set. Anything set must be whole.
        if (pipeline.Value.ReportAccess != Core.Report.ReportAccess.SignedIn || !options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        const string when = $"when '{Section}__ReportAccess' is {Core.Report.ReportAccess.SignedIn}";
        if (!Guid.TryParse(options.ReportTenantId, out _))
        {
            failures.Add($"Setting '{Section}__{nameof(options.ReportTenantId)}' must be the Entra tenant id (a GUID) {when}.");
        }

        if (!Guid.TryParse(options.ReportClientId, out _))
        {
            failures.Add($"Setting '{Section}__{nameof(options.ReportClientId)}' must be the client id (a GUID) of the report's app registration {when}.");
        }

        var groups = Core.Report.ReportAccess.ParseGroups(options.ReportAllowedGroups);
        if (groups.Count == 0 || groups.Any(g => !Guid.TryParse(g, out _)))
        {
            failures.Add($"Setting '{Section}__{nameof(options.ReportAllowedGroups)}' must list the object ids (GUIDs) of the groups that may read the report, separated by commas, {when}.");
        }

        // The keys read from here decide who reads the report: https, or plain http only to a stand-in on this machine.
        if (!Uri.TryCreate(options.ReportAuthority, UriKind.Absolute, out var authority)
            || !(authority.Scheme == Uri.UriSchemeHttps || (authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback)))
        {
            failures.Add($"Setting '{Section}__{nameof(options.ReportAuthority)}' must be an https URL such as {ReportSignInOptions.DefaultAuthority}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
