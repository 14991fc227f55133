using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Publish;

namespace Pipeline.Functions.Publish;

/// <summary>
/// Once a day (01:00 Beijing, written in UTC since Linux plans ignore time zones): daily summaries, the outbox, the
/// ingestion digest, the sweep of revisions interrupted runs left. A past-due trigger (the app was down) runs it once.
/// </summary>
public sealed class DailySummary(DailyRun daily, ILogger<DailySummary> logger)
{
    [Function(nameof(DailySummary))]
    public async Task RunAsync([TimerTrigger("%DailySummarySchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await daily.RunAsync(cancellationToken);
        logger.LogInformation("Daily summary for {Day}{PastDue}: {Periods} period(s), digest {Digest}, swept {Revisions} revision(s) ({Rows} row(s)), {Reminders} reminder(s)",
            result.Day, timer.IsPastDue ? " (past due)" : "", result.Periods.Count, result.DigestPath, result.Swept.Revisions, result.Swept.Rows, result.Reminders.Count);
    }
}
