using Pipeline.Adapters.Figures;
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
/// nothing new is published. A rejected file still flushes the outbox of anything left pending.
/// </summary>
public sealed class UploadProcessing(UploadIngestion ingestion, FiguresRecompute figures, SummaryPublishing publishing, StatusWriter status)
{
    public async Task<ProcessedUpload> ProcessAsync(
        string blobPath, string? operatorPeriod = null, bool force = false, CancellationToken cancellationToken = default, IProgress<int>? rowsRead = null)
    {
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
}

/// <summary>An ingest outcome and the district state of each period it touched.</summary>
public sealed record ProcessedUpload(IngestOutcome Ingest, IReadOnlyList<DistrictState> Periods);
