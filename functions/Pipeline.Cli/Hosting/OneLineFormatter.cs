using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Pipeline.Adapters.Hosting;

namespace Pipeline.Cli.Hosting;

/// <summary>Options of <see cref="OneLineFormatter"/>: with <see cref="Verbose"/> an exception is written whole.</summary>
public sealed class OneLineFormatterOptions : ConsoleFormatterOptions
{
    public bool Verbose { get; set; }
}

/// <summary>Log lines for an operator's terminal: "warn: message (what failed)", one line each, stack traces only when verbose.</summary>
public sealed class OneLineFormatter(IOptionsMonitor<OneLineFormatterOptions> options) : ConsoleFormatter(Name)
{
    public new const string Name = "pipeline";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var level = logEntry.LogLevel switch
        {
            LogLevel.Critical or LogLevel.Error => "error",
            LogLevel.Warning => "warn",
            LogLevel.Information => "info",
            _ => "debug",
        };
        textWriter.Write($"{level}: {message.ReplaceLineEndings(" ")}");
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(options.CurrentValue.Verbose ? Environment.NewLine + exception : $" ({FailureText.OneLine(exception)})");
        }

        textWriter.WriteLine();
    }
}
