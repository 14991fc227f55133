using Pipeline.Adapters.Divisions;
using Pipeline.Adapters.Forms;
using Pipeline.Adapters.Ingest;
using Pipeline.Core.Ingest;
using Pipeline.Core.Submissions;

namespace Pipeline.Adapters.Submissions;

/// <summary>
/// The submission ledger of a period, now: built from the stored receipts and the period's closing and review (in its
/// manifest) each time it is asked for, owing the forms its catalog says streets owe (the version it was closed with,
/// or the one in force), by the configured deadline day.
/// </summary>
public sealed class SubmissionsReader(ReceiptStore receipts, SliceStore slices, CatalogStore catalogs, DivisionStore divisions, SubmissionRules rules, TimeProvider clock)
{
    /// <summary>What streets owe for <paramref name="period"/>.</summary>
    public async Task<SubmissionRules> RulesAsync(string period, CancellationToken cancellationToken)
    {
        var closing = (await slices.ReadManifestAsync(period, cancellationToken)).Closing;
        return SubmissionRules.Of((await catalogs.ForAsync(period, closing.ClosedWithCatalog, cancellationToken)).Catalog, rules.DeadlineDay);
    }

    public async Task<PeriodSubmissions> ReadAsync(string period, CancellationToken cancellationToken) =>
        (await ReadAsync([period], cancellationToken))[0];

    public async Task<IReadOnlyList<PeriodSubmissions>> ReadAsync(IReadOnlyList<string> periods, CancellationToken cancellationToken)
    {
        var all = await receipts.AllAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var ledgers = new List<PeriodSubmissions>();
        foreach (var period in periods)
        {
            var manifest = await slices.ReadManifestAsync(period, cancellationToken);
            var owed = SubmissionRules.Of((await catalogs.ForAsync(period, manifest.Closing.ClosedWithCatalog, cancellationToken)).Catalog, rules.DeadlineDay);
            // Only the streets in force for the period owe it.
            var registry = await divisions.ForAsync(period, manifest.Closing.ClosedWithDivisions, cancellationToken);
            ledgers.Add(SubmissionLedger.Build(period, registry, owed, all, now, manifest.Closing, manifest.Review));
        }

        return ledgers;
    }

    /// <summary>Every period with a correction that came after its close and still waits for a reopen, with its ledger.</summary>
    public async Task<IReadOnlyList<PeriodSubmissions>> WithWaitingCorrectionsAsync(CancellationToken cancellationToken)
    {
        var periods = (await receipts.AllAsync(cancellationToken))
            .Where(r => r.RefusedClosed && r.Status == ReceiptStatus.Rejected)
            .SelectMany(r => r.Periods).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return [.. (await ReadAsync(periods, cancellationToken)).Where(l => l.Waiting.Count > 0)];
    }
}
