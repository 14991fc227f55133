using Microsoft.Extensions.Configuration;
using Pipeline.Adapters.Hosting;
using Pipeline.Core.Ingest;

namespace Pipeline.Cli.Hosting;

/// <summary>The app's own settings for verbs that need no connection (validate), checked as at start-up.</summary>
public static class CliSettings
{
    public static IngestContext IngestContext(IConfiguration configuration)
    {
        var validator = new SettingsValidator();
        var options = Bind<PipelineOptions>(configuration, PipelineOptions.Section, o => validator.Validate(null, o));
        var retired = new RetiredSettingsValidator().Validate(null, new RetiredSettings { Found = RetiredSettings.Find(configuration) });
        return retired.Failed ? throw new CliEnvironmentException(retired.FailureMessage) : StageRegistration.CreateContext(options);
    }

    private static T Bind<T>(IConfiguration configuration, string section, Func<T, Microsoft.Extensions.Options.ValidateOptionsResult> validate)
        where T : new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options);
        var result = validate(options);
        return result.Failed ? throw new CliEnvironmentException(result.FailureMessage) : options;
    }
}
