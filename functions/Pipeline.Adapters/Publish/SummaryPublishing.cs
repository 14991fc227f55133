using Pipeline.Adapters.Concurrency;
using Pipeline.Adapters.Figures;
using Pipeline.Core.Closing;
using Pipeline.Core.Summary;

namespace Pipeline.Adapters.Publish;

/// <summary>
/// The publish stage: queue the summaries of the given periods and write their report pages, then send whatever the
/// outbox holds. Monthly publishing is coalesced: what is published is the period's newest revision, and uploads
/// landing side by side share publishing runs, so a burst of uploads publishes a few times rather than once each.
/// </summary>
public sealed class SummaryPublishing(SummaryReader summaries, SummaryOutbox outbox, SummaryPublisher publisher, ReportWriter reports, OfficialVersions officials)
{
    private readonly Coalescer<SummaryDocument> _monthly = new();

    public async Task PublishMonthlyAsync(IEnumerable<DistrictState> periods, CancellationToken cancellationToken)
    {
        foreach (var state in periods.Where(p => p.Revision > 0))
        {
            // Side by side requests in this process share one run that starts after they asked.
            await _monthly.RunAsync(state.Period, () => PublishNewestAsync(state.Period, cancellationToken), cancellationToken);
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

    /// <summary>Queues and writes the period's newest revision; report files never go back to an older one, whoever writes last.</summary>
    private async Task<SummaryDocument> PublishNewestAsync(string period, CancellationToken cancellationToken)
    {
        var summary = await summaries.ReadAsync(period, SummaryDocument.Monthly, cancellationToken);
        // The report's summary.json is the document queued: one document per period and revision.
        var queued = await outbox.EnqueueAsync(summary, null, cancellationToken);
        if (queued.Publication.Status == Publication.Official)
        {
            await officials.SaveAsync(queued, cancellationToken);
        }

        await reports.WriteAsync(queued, cancellationToken);
        return queued;
    }
}
