using Pipeline.Adapters.Concurrency;
using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Storage;
using Pipeline.Core.Closing;
using Pipeline.Core.Summary;

namespace Pipeline.Adapters.Publish;

/// <summary>
/// The publish stage: queue the summaries of the given periods and write their report pages, then send whatever the
/// outbox holds. Monthly publishing is coalesced: what is published is the period's newest revision, and uploads
/// landing side by side share publishing runs, so a burst of uploads publishes a few times rather than once each.
/// </summary>
public sealed class SummaryPublishing(
    SummaryReader summaries, SummaryOutbox outbox, SummaryPublisher publisher, ReportWriter reports, OfficialVersions officials, PipelineStorage storage)
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
            var (v2, v3) = await summaries.ReadVersionsAsync(state.Period, SummaryDocument.Daily, cancellationToken);
            await EnqueueAsync(v2, v3, day, cancellationToken);
        }

        await publisher.FlushAsync(cancellationToken);
    }

    /// <summary>Queues and writes the period's newest revision; report files never go back to an older one, whoever writes last.</summary>
    private async Task<SummaryDocument> PublishNewestAsync(string period, CancellationToken cancellationToken)
    {
        var (summary, figures) = await summaries.ReadVersionsAsync(period, SummaryDocument.Monthly, cancellationToken);
        // The report's summary.json is the document queued: one document per period and revision.
        var (queued, queuedFigures) = await EnqueueAsync(summary, figures, null, cancellationToken);
        if (queued.Publication.Status == Publication.Official)
        {
            await officials.SaveAsync(queued, cancellationToken);
        }

        await reports.WriteAsync(queued, queuedFigures, cancellationToken);
        await reports.WriteFiguresAsync(queuedFigures, cancellationToken);
        return queued;
    }

    /// <summary>
    /// Queues v3, and v2 while it is still published (<c>Pipeline__PublishSummaryV2</c>); the v2 that stands for the
    /// report is the one queued before under the same MessageId, if any.
    /// </summary>
    private async Task<(SummaryDocument V2, FiguresSummary V3)> EnqueueAsync(SummaryDocument v2, FiguresSummary v3, DateOnly? day, CancellationToken cancellationToken)
    {
        var figures = await outbox.EnqueueAsync(v3, day, cancellationToken);
        var summary = storage.Options.PublishSummaryV2 ? await outbox.EnqueueAsync(v2, day, cancellationToken) : v2;
        return (summary, figures);
    }
}
