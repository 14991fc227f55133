using System.CommandLine;
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
        var parsed = PipelineCli.Parse(args);
        // An unknown verb is a usage error with --help too: help of pipeline would hide that the verb is wrong.
        var unknownVerb = parsed.CommandResult.Command == PipelineCli.Root && parsed.UnmatchedTokens.Count > 0;
        if (!unknownVerb && (PipelineCli.IsHelp(parsed) || (parsed.Errors.Count == 0 && parsed.Action is not null)))
        {
            // --help, -h or --version: the only actions the parser runs itself.
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        }

        Invocation invocation;
        try
        {
            invocation = PipelineCli.ToInvocation(parsed);
        }
        catch (UsageException usage)
        {
            await stderr.WriteLineAsync($"pipeline: {usage.Message}");
            await stderr.WriteLineAsync();
            PipelineCli.WriteHelp(usage.Command, stderr);
            return ExitCodes.Error;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        var progress = ProgressLine.For(stderr);
        try
        {
            return await Dispatch.RunAsync(invocation, settings ?? CliServices.Environment(), stdout, progress, cancel.Token);
        }
        catch (Exception error) when (!invocation.Verbose)
        {
            progress.Clear();
            await stderr.WriteLineAsync($"pipeline {invocation.Verb}: {Describe(error)}");
            return ExitCodes.Error;
        }
        finally
        {
            progress.Clear();
            Console.CancelKeyPress -= onCancel;
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
