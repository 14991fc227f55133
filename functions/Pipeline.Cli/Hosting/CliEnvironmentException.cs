namespace Pipeline.Cli.Hosting;

/// <summary>The environment is not usable (a setting, a service, a folder): exit 2 with this one line.</summary>
public sealed class CliEnvironmentException(string message) : Exception(message);
