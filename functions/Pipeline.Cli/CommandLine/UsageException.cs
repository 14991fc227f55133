using System.CommandLine;

namespace Pipeline.Cli.CommandLine;

/// <summary>The command line is wrong: exit 2 with this message and the help of <see cref="Command"/>.</summary>
public sealed class UsageException(string message, Command command) : Exception(message)
{
    public Command Command { get; } = command;
}
