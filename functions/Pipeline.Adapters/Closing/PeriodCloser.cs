using Microsoft.Extensions.Logging;
using Pipeline.Adapters.Divisions;
using Pipeline.Adapters.Figures;
using Pipeline.Adapters.Forms;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Publish;
using Pipeline.Adapters.Submissions;
using Pipeline.Core.Closing;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Submissions;

namespace Pipeline.Adapters.Closing;

/// <summary>
/// Closes a period as its next official version (封账), or reopens it. The close is recorded in the period's manifest
/// under its ETag, after the period's figures were recomputed from that very manifest, so what is issued is exactly
/// what the accepted files say and no file lands after it. Then the revision moves on and the summary is published
/// (Subject <c>summary.official</c> for a close) with the report. Running either again completes a run that stopped
/// between those steps, and changes nothing else. A close is refused while a submission the district returned
/// (审核退回) still stands, unless forced, and then the close records which ones it went over.
/// </summary>
public sealed class PeriodCloser(
    SliceStore slices, FiguresRecompute figures, SummaryPublishing publishing, StatusWriter status, CatalogStore catalogs, DivisionStore divisions,
    TimeProvider clock, ILogger<PeriodCloser> logger)
{
    public async Task<ClosingOutcome> CloseAsync(string period, string? note, CancellationToken cancellationToken, bool force = false)
    {
        // The figures are issued with the catalog and the registry in force for the period now; the period keeps those versions.
        var catalog = (await catalogs.ForAsync(period, null, cancellationToken)).Catalog.Version;
        var current = (await divisions.VersionsAsync(cancellationToken)).Current;
        return await ChangeAsync(period,
            manifest => manifest.Closing.Close(clock.GetUtcNow(), note, force ? Described(current.In(period), manifest.Review.OpenAgainst(manifest.Uploads)) : null, catalog,
                DivisionVersions.NameOf(current)),
            recompute: true, force ? (_ => []) : manifest => manifest.Review.OpenAgainst(manifest.Uploads), cancellationToken);
    }

    public Task<ClosingOutcome> ReopenAsync(string period, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(period, manifest => manifest.Closing.Reopen(clock.GetUtcNow(), reason), recompute: false, _ => [], cancellationToken);

    private async Task<ClosingOutcome> ChangeAsync(
        string period, Func<SliceManifest, PeriodClosing?> change, bool recompute, Func<SliceManifest, IReadOnlyList<SubmissionReturn>> blocking,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var manifest = await slices.ReadManifestAsync(period, cancellationToken);
            if (manifest.Current.Count == 0)
            {
                return new ClosingOutcome(period, ClosingResult.NoData, manifest.Closing);
            }

            if (!manifest.Closing.IsClosed && blocking(manifest) is { Count: > 0 } open)
            {
                return new ClosingOutcome(period, ClosingResult.Returned, manifest.Closing) { OpenReturns = Described(await divisions.ForAsync(period, null, cancellationToken), open) };
            }

            if (change(manifest) is not { } next)
            {
                await PublishAsync(period, cancellationToken);
                return new ClosingOutcome(period, ClosingResult.Unchanged, manifest.Closing);
            }

            if (recompute)
            {
                await figures.RecomputeAllAsync(period, cancellationToken);
            }

            if (await slices.TryWriteClosingAsync(manifest, next, cancellationToken))
            {
                logger.LogInformation("{Period} {Action} (official version {Version})", period, next.Events[^1].Action, next.Events[^1].Version);
                await PublishAsync(period, cancellationToken);
                return new ClosingOutcome(period, ClosingResult.Changed, next);
            }

            // A file was applied, or another close ran, meanwhile: read again and decide anew.
        }
    }

    private static IReadOnlyList<string> Described(DivisionRegistry registry, IReadOnlyList<SubmissionReturn> returns) =>
        [.. returns.Select(r => $"{registry.FindByCode(r.StreetCode)?.Name ?? r.StreetCode} {Obligation.Parse(r.Obligation).Label}: {r.Reason}")];

    private async Task PublishAsync(string period, CancellationToken cancellationToken)
    {
        var state = await figures.RecomputeDistrictAsync(period, cancellationToken);
        await publishing.PublishMonthlyAsync([state], cancellationToken);
        await status.WriteAsync([period], cancellationToken);
    }
}

/// <summary>What a close or reopen did, and the period's closing history after it.</summary>
public sealed record ClosingOutcome(string Period, ClosingResult Result, PeriodClosing Closing)
{
    /// <summary>For <see cref="ClosingResult.Returned"/>: the returned submissions that stand, as "street obligation: reason".</summary>
    public IReadOnlyList<string> OpenReturns { get; init; } = [];
}

public enum ClosingResult
{
    /// <summary>Closed or reopened now.</summary>
    Changed,

    /// <summary>Already so (closed twice, or reopened while open): nothing changed.</summary>
    Unchanged,

    /// <summary>The period has no accepted files: there is nothing to close.</summary>
    NoData,

    /// <summary>Not closed: a submission the district returned still stands (close with force to go over it).</summary>
    Returned,
}
