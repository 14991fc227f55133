using Pipeline.Adapters.Hosting;
using Pipeline.Cli;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;

namespace Pipeline.LocalRun;

/// <summary>
/// <c>pipeline-local run …</c>: the CLI's <c>run</c> verb on a developer's machine. Each connection that is not set is
/// replaced by a local service started for the length of the run, and the run reads its summaries back from the
/// local broker. Everything else is the shipped CLI, unchanged.
/// </summary>
public static class LocalRun
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] != "run")
        {
            await stderr.WriteLineAsync("pipeline-local: only 'run' starts local services; other verbs run with 'pipeline' against configured ones");
            return ExitCodes.Error;
        }

        LocalServices local;
        try
        {
            local = await LocalServices.StartAsync(CliServices.Environment(), CancellationToken.None);
        }
        catch (Exception error) when (!args.Contains("--verbose"))
        {
            await stderr.WriteLineAsync($"pipeline-local: local services did not start: {FailureText.OneLine(error)} (run 'npm ci' first; --verbose for details)");
            return ExitCodes.Error;
        }

        await using (local)
        {
            foreach (var started in local.Started)
            {
                await stdout.WriteLineAsync($"started {started}");
            }

            string[] forwarded = local.Subscription is { } subscription ? [.. args, "--subscription", subscription] : args;
            return await PipelineCommand.RunAsync(forwarded, stdout, stderr, local.Configuration);
        }
    }
}
