using Pipeline.Adapters.Hosting;
using Pipeline.Cli;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;
using Pipeline.FunctionsHost;

namespace Pipeline.LocalRun;

/// <summary>
/// <c>pipeline-local run …</c>: the CLI's <c>run</c> verb on a developer's machine; <c>pipeline-local functions --app
/// DIR --input DIR --out DIR</c>: the same files through the built functions app under the host stand-in. Each
/// connection that is not set is replaced by a local service started for the length of the run, and a CLI run reads its
/// summaries back from the local broker. Everything else is the shipped CLI and app, unchanged.
/// </summary>
public static class LocalRun
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is not ("run" or "functions"))
        {
            await stderr.WriteLineAsync("pipeline-local: only 'run' and 'functions --app DIR --input DIR --out DIR' start local services; other verbs run with 'pipeline' against configured ones");
            return ExitCodes.Error;
        }

        var options = Options(args);
        if (args[0] == "functions" && (options.GetValueOrDefault("--app") is null || options.GetValueOrDefault("--input") is null || options.GetValueOrDefault("--out") is null))
        {
            await stderr.WriteLineAsync("pipeline-local: functions needs --app DIR (the built functions app), --input DIR and --out DIR");
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

            if (args[0] == "functions")
            {
                try
                {
                    return await FunctionsRun.RunAsync(options["--app"], options["--input"], options["--out"], local, stdout, stderr);
                }
                catch (WorkerStartFailedException failure) when (!args.Contains("--verbose"))
                {
                    await stderr.WriteLineAsync($"pipeline-local: {failure.Message} Its output:{Environment.NewLine}{failure.WorkerOutput}");
                    return ExitCodes.Error;
                }
            }

            string[] forwarded = local.Subscription is { } subscription ? [.. args, "--subscription", subscription] : args;
            return await PipelineCommand.RunAsync(forwarded, stdout, stderr, local.Configuration);
        }
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 1; i + 1 < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                options[args[i]] = args[++i];
            }
        }

        return options;
    }
}
