using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Core.Submissions;

/// <summary>One upload as the ledger shows it: which file, when it was uploaded, its verdict, rows, errors and warnings.</summary>
public sealed record Attempt(string File, DateTimeOffset UploadedAt, ReceiptStatus Status, int Rows, int Findings, int Warnings = 0);

/// <summary>One street's obligation for a period: its status, the accepted file that stands, and every refused attempt.</summary>
public sealed record Submission(
    string StreetCode, string StreetName, Obligation Obligation, SubmissionStatus Status, Attempt? Accepted, int Acceptances, IReadOnlyList<Attempt> Refused);

/// <summary>The period's submission ledger and its 报送率, the share of expected submissions accepted.</summary>
public sealed record PeriodSubmissions(string Period, DateTimeOffset Deadline, bool PastDeadline, IReadOnlyList<Submission> Submissions)
{
    public double? SubmissionRate => Rate.Of(Submissions.Count(s => s.Accepted is not null), Submissions.Count);

    public IReadOnlyList<Submission> Overdue => [.. Submissions.Where(s => s.Status == SubmissionStatus.Overdue)];
}

/// <summary>
/// The submission ledger, derived from receipts alone, so it can never disagree with them: per street and obligation,
/// the accepted uploads (a superseded file was a clean submission too) and the refused ones, against the deadline.
/// </summary>
public static class SubmissionLedger
{
    public static PeriodSubmissions Build(string period, DivisionRegistry registry, SubmissionRules rules, IEnumerable<Receipt> receipts, DateTimeOffset now)
    {
        var deadline = rules.DeadlineOf(period);
        // A file refused because the period was closed came after the cycle: it changes no street's status.
        var relevant = receipts.Where(r => r.Status != ReceiptStatus.Pending && !r.RefusedClosed).Select(r => (Receipt: r, Where: Attribution(r, registry)))
            .Where(r => r.Where.Periods.Contains(period)).ToList();
        var submissions = new List<Submission>();
        foreach (var street in registry.Streets)
        {
            foreach (var obligation in rules.Owed)
            {
                var mine = relevant.Where(r => r.Where.Streets.Contains(street.Code) && (r.Receipt.Kind is not { } kind || obligation.Kinds.Contains(kind)))
                    .Select(r => ToAttempt(r.Receipt))
                    .OrderBy(a => a.UploadedAt).ThenBy(a => a.File, StringComparer.Ordinal)
                    .ToList();
                var accepted = mine.Where(a => a.Status is ReceiptStatus.Accepted or ReceiptStatus.Superseded).ToList();
                var refused = mine.Where(a => a.Status == ReceiptStatus.Rejected).ToList();
                var status = accepted.Count switch
                {
                    0 when now >= deadline => SubmissionStatus.Overdue,
                    0 when refused.Count > 0 => SubmissionStatus.Returned,
                    0 => SubmissionStatus.NotSubmitted,
                    1 => accepted[0].UploadedAt < deadline ? SubmissionStatus.OnTime : SubmissionStatus.Late,
                    _ => SubmissionStatus.Corrected,
                };
                submissions.Add(new Submission(street.Code, street.Name, obligation, status, accepted.LastOrDefault(), accepted.Count, refused));
            }
        }

        return new PeriodSubmissions(period, deadline, now >= deadline, submissions);
    }

    /// <summary>
    /// Which periods and streets a receipt speaks for: what its rows stated; for a file refused before any row read
    /// cleanly, what its path says (the month folder, the street's folder).
    /// </summary>
    private static (IReadOnlyList<string> Periods, IReadOnlyList<string> Streets) Attribution(Receipt receipt, DivisionRegistry registry)
    {
        var folders = UploadFolders.Of(receipt.File, registry, IngestRules.Default);
        IReadOnlyList<string> periods = receipt.Periods.Count > 0 ? receipt.Periods : folders.Period is { } p ? [p] : [];
        IReadOnlyList<string> streets = receipt.Streets.Count > 0 ? receipt.Streets : folders.Owner is { } s ? [s] : [];
        return (periods, streets);
    }

    private static Attempt ToAttempt(Receipt receipt) =>
        new(receipt.File, receipt.UploadedAt ?? receipt.At, receipt.Status, receipt.Rows, receipt.Findings, receipt.Warnings);
}
