using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Pipeline.Adapters.Hosting;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.Cli.Verbs;

namespace Pipeline.Cli;

/// <summary>The <c>pipeline</c> command: parse, run one verb, turn every failure into one line and an exit code.</summary>
public static class PipelineCommand
{
    /// <param name="settings">The settings verbs run under; by default the process's environment variables.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IConfiguration? settings = null)
    {
        Invocation invocation;
        try
        {
            invocation = Invocation.Parse(args);
        }
        catch (UsageException usage)
        {
            await stderr.WriteLineAsync($"pipeline: {usage.Message}");
            await stderr.WriteLineAsync(Invocation.Usage);
            return ExitCodes.Error;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            return await Dispatch.RunAsync(invocation, settings ?? CliServices.Environment(), stdout, cancel.Token);
        }
        catch (Exception error) when (!invocation.Verbose)
        {
            await stderr.WriteLineAsync($"pipeline {invocation.Verb}: {Describe(error)}");
            return ExitCodes.Error;
        }
    }

    private static string Describe(Exception error) => error switch
    {
        CliEnvironmentException or OptionsValidationException => FailureText.OneLine(error),
        OperationCanceledException => "cancelled",
        Azure.RequestFailedException or Azure.Messaging.ServiceBus.ServiceBusException => $"{FailureText.OneLine(error)} (run with --verbose for details)",
        _ => $"{FailureText.OneLine(error)} ({error.GetType().Name}; run with --verbose for details)",
    };
}
