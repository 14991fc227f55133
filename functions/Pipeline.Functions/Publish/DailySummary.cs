using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Pipeline.Functions.Publish;

/// <summary>Once a day: the daily summary. The schedule is a setting written in UTC (Linux plans ignore time zones).</summary>
public sealed class DailySummary(TimeProvider clock, ILogger<DailySummary> logger)
{
    [Function(nameof(DailySummary))]
    public Task RunAsync([TimerTrigger("%DailySummarySchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        logger.LogInformation("Daily summary at {Now:o} (past due: {PastDue})", clock.GetUtcNow(), timer.IsPastDue);
        return Task.CompletedTask;
    }
}
