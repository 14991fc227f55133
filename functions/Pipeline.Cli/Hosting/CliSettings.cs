using Microsoft.Extensions.Configuration;
using Pipeline.Adapters.Hosting;

namespace Pipeline.Cli.Hosting;

/// <summary>The app's own settings for verbs that need no connection (validate), checked as at start-up.</summary>
public static class CliSettings
{
    public static PipelineOptions Options(IConfiguration configuration)
    {
        var options = new PipelineOptions();
        configuration.GetSection(PipelineOptions.Section).Bind(options);
        var result = new SettingsValidator().Validate(null, options);
        return result.Failed ? throw new CliEnvironmentException(result.FailureMessage) : options;
    }
}
