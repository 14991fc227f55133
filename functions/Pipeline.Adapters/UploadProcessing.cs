using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Forms;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Publish;
using Pipeline.Adapters.Submissions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Adapters;

/// <summary>
/// What happens to one uploaded blob, for the blob function and the CLI alike: ingest it, recompute the figures of
/// the streets it touched, publish the periods' summaries. Recompute and publish also run for a redelivered accepted
/// file, so a run that stopped between steps is completed; unchanged figures keep their revision and MessageId, so
/// nothing new is published. A rejected file still flushes the outbox of anything left pending. A form catalog the
/// district office publishes to its <c>forms/</c> folder is taken in as a catalog version instead, a registry to its
/// <c>divisions/</c> folder as a registry version, and the summaries of the open periods it applies to are published
/// again with it.
/// </summary>
public sealed class UploadProcessing(
    UploadIngestion ingestion, CatalogIntake catalogs, DivisionIntake divisions, FiguresRecompute figures, SummaryPublishing publishing, StatusWriter status, SliceStore slices,
    IngestContext context)
{
    public async Task<ProcessedUpload> ProcessAsync(
        string blobPath, string? operatorPeriod = null, bool force = false, CancellationToken cancellationToken = default, IProgress<int>? rowsRead = null)
    {
        switch (ReferenceUpload.Of(blobPath, context.Registry.DistrictCode))
        {
            case ReferenceUpload.Forms:
                return await ProcessReferenceAsync(await catalogs.IngestAsync(blobPath, force, cancellationToken), cancellationToken);
            case ReferenceUpload.Divisions:
                return await ProcessReferenceAsync(await divisions.IngestAsync(blobPath, force, cancellationToken), cancellationToken);
            case null:
                break;
            case var other:
                throw new InvalidOperationException($"No intake for reference data '{other}'.");
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

    private async Task<ProcessedUpload> ProcessReferenceAsync(IngestOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Receipt.Status != ReceiptStatus.Accepted)
        {
            await publishing.PublishMonthlyAsync([], cancellationToken);
            return new ProcessedUpload(outcome, []);
        }

        // The open periods from the version's first one on (every open one when it names none): their figures are the
        // same, their summaries are not.
        var from = outcome.Receipt.Periods.Count > 0 ? outcome.Receipt.Periods[0] : "";
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
