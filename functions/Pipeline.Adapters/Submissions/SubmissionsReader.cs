using Pipeline.Adapters.Ingest;
using Pipeline.Core.Ingest;
using Pipeline.Core.Submissions;

namespace Pipeline.Adapters.Submissions;

/// <summary>The submission ledger of a period, now: built from the stored receipts each time it is asked for.</summary>
public sealed class SubmissionsReader(ReceiptStore receipts, IngestContext context, SubmissionRules rules, TimeProvider clock)
{
    public async Task<PeriodSubmissions> ReadAsync(string period, CancellationToken cancellationToken) =>
        (await ReadAsync([period], cancellationToken))[0];

    public async Task<IReadOnlyList<PeriodSubmissions>> ReadAsync(IReadOnlyList<string> periods, CancellationToken cancellationToken)
    {
        var all = await receipts.AllAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return [.. periods.Select(p => SubmissionLedger.Build(p, context.Registry, rules, all, now))];
    }
}
