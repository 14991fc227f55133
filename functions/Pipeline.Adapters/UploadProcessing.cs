using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Forms;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Publish;
using Pipeline.Adapters.Submissions;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Adapters;

/// <summary>
/// What happens to one uploaded blob, for the blob function and the CLI alike: ingest it, recompute the figures of
/// the streets it touched, publish the periods' summaries. Recompute and publish also run for a redelivered accepted
/// file, so a run that stopped between steps is completed; unchanged figures keep their revision and MessageId, so
/// nothing new is published. A rejected file still flushes the outbox of anything left pending. A form catalog the
/// district office publishes to its <c>forms/</c> folder is taken in as a catalog version instead, and the summaries of
/// the open periods it applies to are published again with it.
/// </summary>
public sealed class UploadProcessing(
    UploadIngestion ingestion, CatalogIntake catalogs, FiguresRecompute figures, SummaryPublishing publishing, StatusWriter status, SliceStore slices,
    IngestContext context)
{
    public async Task<ProcessedUpload> ProcessAsync(
        string blobPath, string? operatorPeriod = null, bool force = false, CancellationToken cancellationToken = default, IProgress<int>? rowsRead = null)
    {
        if (CatalogUpload.Is(blobPath, context.Registry.DistrictCode))
        {
            return await ProcessCatalogAsync(blobPath, force, cancellationToken);
        }

        var outcome = await ingestion.IngestAsync(blobPath, operatorPeriod, force, cancellationToken, rowsRead);
        var states = outcome.Receipt.Status == ReceiptStatus.Accepted
            ? await figures.RecomputeAsync(outcome.Receipt.Slices, cancellationToken)
            : [];
        await publishing.PublishMonthlyAsync(states, cancellationToken);
        // Every verdict, refusals too, changes the submission ledger of the months the file speaks for.
        var periods = outcome.Receipt.Periods.Count > 0 ? outcome.Receipt.Periods
            : UploadSource.ForBlob(blobPath, operatorPeriod).FallbackPeriod is { } fallback ? [fallback] : [];
        await status.WriteAsync(periods, cancellationToken);
        return new ProcessedUpload(outcome, states);
    }

    private async Task<ProcessedUpload> ProcessCatalogAsync(string blobPath, bool force, CancellationToken cancellationToken)
    {
        var outcome = await catalogs.IngestAsync(blobPath, force, cancellationToken);
        if (outcome.Receipt.Status != ReceiptStatus.Accepted)
        {
            await publishing.PublishMonthlyAsync([], cancellationToken);
            return new ProcessedUpload(outcome, []);
        }

        // The open periods from the version's first one on: their figures are the same, their v3 summaries are not.
        var from = outcome.Receipt.Periods[0];
        var open = (await slices.ReadManifestsAsync(cancellationToken))
            .Where(m => string.CompareOrdinal(m.Period, from) >= 0 && !m.Closing.IsClosed && m.Current.Count > 0)
            .Select(m => m.Period).Order(StringComparer.Ordinal).ToList();
        var states = new List<DistrictState>();
        foreach (var period in open)
        {
            states.Add(await figures.RecomputeDistrictAsync(period, cancellationToken));
        }

        await publishing.PublishMonthlyAsync(states, cancellationToken);
        return new ProcessedUpload(outcome, states);
    }
}

/// <summary>An ingest outcome and the district state of each period it touched.</summary>
public sealed record ProcessedUpload(IngestOutcome Ingest, IReadOnlyList<DistrictState> Periods);
