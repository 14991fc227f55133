using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Figures;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;

namespace Pipeline.Cli.Verbs;

/// <summary><c>recompute [--period P]</c>: figures from the stored rows, for one period or all of them.</summary>
public static class RecomputeVerb
{
    public static async Task<int> RunAsync(Invocation invocation, IConfiguration settings, TextWriter stdout, CancellationToken cancellationToken)
    {
        CliServices.RequireStorage(settings);
        await using var services = CliServices.Create(settings, invocation.Verbose, serviceBus: false);
        var states = await services.GetRequiredService<FiguresRecompute>().RecomputeAllAsync(invocation.Period, cancellationToken);
        foreach (var state in states)
        {
            await stdout.WriteLineAsync($"{state.Period}: figures at revision {state.Revision}");
        }

        await stdout.WriteLineAsync(states.Count == 0 ? "no stored data to recompute" : $"{states.Count} period(s) recomputed");
        return ExitCodes.Success;
    }
}
