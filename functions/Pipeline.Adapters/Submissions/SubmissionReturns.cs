using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Divisions;
using Pipeline.Adapters.Ingest;
using Pipeline.Core.Ingest;
using Pipeline.Core.Submissions;

namespace Pipeline.Adapters.Submissions;

/// <summary>
/// 审核退回: the district sends a street's accepted submission back with a reason. The return is recorded in the
/// period's manifest under its ETag, beside the closing, so a close sees every return made before it; then the
/// <c>submission.returned</c> notice goes to the topic and the status page is written. Running the same return again
/// completes one that stopped between those steps.
/// </summary>
public sealed class SubmissionReturns(
    SliceStore slices, NoticePublisher notices, StatusWriter status, DivisionStore divisions, TimeProvider clock, ILogger<SubmissionReturns> logger)
{
    public async Task<ReturnOutcome> ReturnAsync(string period, string streetCode, Obligation obligation, string reason, CancellationToken cancellationToken)
    {
        while (true)
        {
            var manifest = await slices.ReadManifestAsync(period, cancellationToken);
            if (manifest.Closing.IsClosed)
            {
                return new ReturnOutcome(ReviewResult.PeriodClosed, null, manifest.Closing.OfficialVersion);
            }

            // The file that stands now, as the manifest says: what the figures use, and what a close would issue.
            if (PeriodReview.Standing(manifest.Uploads, streetCode, obligation) is not { } standing)
            {
                return new ReturnOutcome(ReviewResult.NothingToReview, null, 0);
            }

            var returned = new SubmissionReturn(streetCode, obligation.Key, standing.File, standing.At, reason.Trim(), clock.GetUtcNow());
            var result = ReviewResult.Recorded;
            if (manifest.Review.Return(returned) is { } next)
            {
                if (!await slices.TryWriteReviewAsync(manifest, next, cancellationToken))
                {
                    continue; // a file was applied, the period closed, or another review ran meanwhile: decide anew
                }

                logger.LogInformation("{Period} {Street} {Obligation}: {File} returned by the district", period, streetCode, obligation.Key, standing.File);
            }
            else
            {
                // Returned before: complete what that run may not have done, with the reason it recorded.
                returned = manifest.Review.Returns.Last(r => r.IsSameAs(returned));
                result = ReviewResult.AlreadyRecorded;
            }

            var registry = await divisions.ForAsync(period, null, cancellationToken);
            var street = registry.FindByCode(streetCode)?.Name ?? streetCode;
            var sent = await notices.SendAsync(
                ReturnNotice.For(period, returned, street, obligation.Label, registry.DistrictCode, registry.DistrictName), cancellationToken);
            await status.WriteAsync([period], cancellationToken);
            return new ReturnOutcome(result, returned, 0) { NoticeSent = sent };
        }
    }
}

/// <summary>What a return did; <see cref="NoticeSent"/> false when the topic could not be reached (run it again to send).</summary>
public sealed record ReturnOutcome(ReviewResult Result, SubmissionReturn? Returned, int OfficialVersion)
{
    public bool NoticeSent { get; init; }
}
