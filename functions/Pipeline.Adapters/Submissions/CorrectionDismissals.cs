using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Ingest;
using Pipeline.Core.Submissions;

namespace Pipeline.Adapters.Submissions;

/// <summary>
/// Dismisses a correction that arrived after its period was closed: recorded in the period's manifest under its ETag,
/// then the status page is written. It no longer waits for a reopen, and a replay leaves it out.
/// </summary>
public sealed class CorrectionDismissals(SliceStore slices, SubmissionsReader submissions, StatusWriter status, TimeProvider clock, ILogger<CorrectionDismissals> logger)
{
    /// <summary>Dismisses the correction <paramref name="file"/> that waits for <paramref name="period"/> to be reopened.</summary>
    public async Task<DismissOutcome> DismissAsync(string period, string file, string reason, CancellationToken cancellationToken)
    {
        while (true)
        {
            var manifest = await slices.ReadManifestAsync(period, cancellationToken);
            var ledger = await submissions.ReadAsync(period, cancellationToken);
            if (ledger.Dismissed.FirstOrDefault(d => d.File == file) is { } done && ledger.Waiting.All(w => w.File != file))
            {
                await status.WriteAsync([period], cancellationToken);
                return new DismissOutcome(ReviewResult.AlreadyRecorded, done.UploadedAt, done.Reason);
            }

            if (ledger.Waiting.LastOrDefault(w => w.File == file) is not { } waiting)
            {
                return new DismissOutcome(ReviewResult.NothingToReview, null, null);
            }

            var dismissal = new CorrectionDismissal(waiting.File, waiting.UploadedAt, reason.Trim(), clock.GetUtcNow());
            if (manifest.Review.Dismiss(dismissal) is { } next && !await slices.TryWriteReviewAsync(manifest, next, cancellationToken))
            {
                continue;
            }

            logger.LogInformation("{Period}: correction {File} dismissed by the district", period, file);
            await status.WriteAsync([period], cancellationToken);
            return new DismissOutcome(ReviewResult.Recorded, waiting.UploadedAt, dismissal.Reason);
        }
    }
}

/// <summary>What a dismissal did: which upload of the path, with what reason.</summary>
public sealed record DismissOutcome(ReviewResult Result, DateTimeOffset? UploadedAt, string? Reason);
