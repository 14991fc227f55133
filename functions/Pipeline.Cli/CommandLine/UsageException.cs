namespace Pipeline.Cli.CommandLine;

/// <summary>The command line is wrong: exit 2 with this message and the usage text.</summary>
public sealed class UsageException(string message) : Exception(message);
