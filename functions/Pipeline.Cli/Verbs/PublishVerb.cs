using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Publish;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;

namespace Pipeline.Cli.Verbs;

/// <summary>
/// <c>publish [--period P]</c>: queue the monthly summary of one period (every period when omitted), write its report,
/// and send whatever the outbox holds. A summary already sent (same revision) is not sent again.
/// </summary>
public static class PublishVerb
{
    public static async Task<int> RunAsync(Invocation invocation, IConfiguration settings, TextWriter stdout, CancellationToken cancellationToken)
    {
        CliServices.RequireStorage(settings);
        await using var services = CliServices.Create(settings, invocation.Verbose);
        var figures = services.GetRequiredService<FiguresStore>();
        var periods = invocation.Period is { } period ? [period] : await services.GetRequiredService<SliceStore>().PeriodsAsync(cancellationToken);
        var states = new List<DistrictState>();
        foreach (var p in periods)
        {
            states.Add(await figures.ReadDistrictAsync(p, cancellationToken));
        }

        await services.GetRequiredService<SummaryPublishing>().PublishMonthlyAsync(states, cancellationToken);
        var pending = await services.GetRequiredService<SummaryOutbox>().PendingAsync(cancellationToken);
        foreach (var state in states)
        {
            await stdout.WriteLineAsync(state.Revision > 0 ? $"{state.Period}: revision {state.Revision} published" : $"{state.Period}: no figures (run recompute first)");
        }

        await stdout.WriteLineAsync(pending.Count == 0 ? "outbox empty" : $"{pending.Count} summary message(s) still pending: Service Bus did not accept them");
        return ExitCodes.Success;
    }
}
