using Pipeline.Adapters.Figures;
using Pipeline.Core.Summary;

namespace Pipeline.Adapters.Publish;

/// <summary>
/// The publish stage: queue the summaries of the given periods and write their report pages, then send whatever the
/// outbox holds.
/// </summary>
public sealed class SummaryPublishing(SummaryReader summaries, SummaryOutbox outbox, SummaryPublisher publisher, ReportWriter reports)
{
    public async Task PublishMonthlyAsync(IEnumerable<DistrictState> periods, CancellationToken cancellationToken)
    {
        foreach (var state in periods.Where(p => p.Revision > 0))
        {
            var queued = await outbox.EnqueueAsync(await summaries.ReadAsync(state.Period, SummaryDocument.Monthly, cancellationToken), null, cancellationToken);
            // The report's summary.json is the document queued: one document per period and revision.
            await reports.WriteAsync(queued, cancellationToken);
        }

        await publisher.FlushAsync(cancellationToken);
    }

    public async Task PublishDailyAsync(IEnumerable<DistrictState> periods, DateOnly day, CancellationToken cancellationToken)
    {
        foreach (var state in periods.Where(p => p.Revision > 0))
        {
            await outbox.EnqueueAsync(await summaries.ReadAsync(state.Period, SummaryDocument.Daily, cancellationToken), day, cancellationToken);
        }

        await publisher.FlushAsync(cancellationToken);
    }
}
