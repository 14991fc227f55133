using Pipeline.Core.Closing;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;

namespace Pipeline.Core.Submissions;

/// <summary>One upload as the ledger shows it: which file, when it was uploaded, its verdict, rows, errors and warnings.</summary>
public sealed record Attempt(string File, DateTimeOffset UploadedAt, ReceiptStatus Status, int Rows, int Findings, int Warnings = 0);

/// <summary>
/// One street's obligation for a period: its status, the accepted file that stands, every refused attempt, and the
/// district's return of it while that stands.
/// </summary>
public sealed record Submission(
    string StreetCode, string StreetName, Obligation Obligation, SubmissionStatus Status, Attempt? Accepted, int Acceptances, IReadOnlyList<Attempt> Refused,
    SubmissionReturn? Returned = null);

/// <summary>A file refused only because its period was closed: a correction waiting for the district to reopen the period.</summary>
public sealed record WaitingCorrection(string File, IReadOnlyList<string> StreetNames, DateTimeOffset UploadedAt, int AfterOfficialVersion);

/// <summary>A correction that arrived after close and that the district dismissed, with its reason.</summary>
public sealed record DismissedCorrection(string File, IReadOnlyList<string> StreetNames, DateTimeOffset UploadedAt, string Reason, DateTimeOffset DismissedAt);

/// <summary>The period's submission ledger and its 报送率, the share of expected submissions accepted (and not sent back).</summary>
public sealed record PeriodSubmissions(string Period, DateTimeOffset Deadline, bool PastDeadline, IReadOnlyList<Submission> Submissions)
{
    public double? SubmissionRate => Rate.Of(Submissions.Count(s => s.Accepted is not null && s.Status != SubmissionStatus.ReturnedByDistrict), Submissions.Count);

    public IReadOnlyList<Submission> Overdue => [.. Submissions.Where(s => s.Status == SubmissionStatus.Overdue)];

    public IReadOnlyList<Submission> Returned => [.. Submissions.Where(s => s.Status == SubmissionStatus.ReturnedByDistrict)];

    /// <summary>Corrections refused while the period was closed, neither applied since nor dismissed.</summary>
    public IReadOnlyList<WaitingCorrection> Waiting { get; init; } = [];

    public IReadOnlyList<DismissedCorrection> Dismissed { get; init; } = [];
}

/// <summary>
/// The submission ledger, derived from receipts and the district's review alone, so it can never disagree with them:
/// per street and obligation, the accepted uploads (a superseded file was a clean submission too), the refused ones
/// and a return by the district, against the deadline; and the corrections that came after the period was closed.
/// </summary>
public static class SubmissionLedger
{
    public static PeriodSubmissions Build(
        string period, DivisionRegistry registry, SubmissionRules rules, IEnumerable<Receipt> receipts, DateTimeOffset now,
        PeriodClosing? closing = null, PeriodReview? review = null)
    {
        closing ??= PeriodClosing.None;
        review ??= PeriodReview.None;
        var deadline = rules.DeadlineOf(period);
        var mine = receipts.Where(r => r.Status != ReceiptStatus.Pending).Select(r => (Receipt: r, Where: Attribution(r, registry)))
            .Where(r => r.Where.Periods.Contains(period)).ToList();
        // A file refused because the period was closed came after the cycle: it changes no street's status.
        var relevant = mine.Where(r => !r.Receipt.RefusedClosed).ToList();
        var cells = new List<(Street Street, Obligation Obligation, List<Attempt> Accepted, List<Attempt> Refused)>();
        foreach (var street in registry.Streets)
        {
            foreach (var obligation in rules.Owed)
            {
                var attempts = relevant.Where(r => r.Where.Streets.Contains(street.Code) && (r.Receipt.Form is not { } form || obligation.Forms.Contains(form)))
                    .Select(r => ToAttempt(r.Receipt))
                    .OrderBy(a => a.UploadedAt).ThenBy(a => a.File, StringComparer.Ordinal)
                    .ToList();
                cells.Add((street, obligation, [.. attempts.Where(a => a.Status is ReceiptStatus.Accepted or ReceiptStatus.Superseded)],
                    [.. attempts.Where(a => a.Status == ReceiptStatus.Rejected)]));
            }
        }

        var open = review.Open((street, obligation) => cells.FirstOrDefault(c => c.Street.Code == street && c.Obligation.Key == obligation)
            .Accepted?.LastOrDefault()?.UploadedAt);
        var submissions = cells.Select(c =>
        {
            var returned = open.FirstOrDefault(r => r.StreetCode == c.Street.Code && r.Obligation == c.Obligation.Key);
            var status = (c.Accepted.Count, returned) switch
            {
                (_, not null) => SubmissionStatus.ReturnedByDistrict,
                (0, _) when now >= deadline => SubmissionStatus.Overdue,
                (0, _) when c.Refused.Count > 0 => SubmissionStatus.Refused,
                (0, _) => SubmissionStatus.NotSubmitted,
                (1, _) => c.Accepted[0].UploadedAt < deadline ? SubmissionStatus.OnTime : SubmissionStatus.Late,
                _ => SubmissionStatus.Corrected,
            };
            return new Submission(c.Street.Code, c.Street.Name, c.Obligation, status, c.Accepted.LastOrDefault(), c.Accepted.Count, c.Refused, returned);
        }).ToList();

        var afterClose = mine.Where(r => r.Receipt.RefusedClosed && r.Receipt.Status == ReceiptStatus.Rejected)
            .Select(r => (r.Receipt, Streets: (IReadOnlyList<string>)[.. r.Where.Streets.Select(code => registry.FindByCode(code)?.Name ?? code)], UploadedAt: UploadedAt(r.Receipt)))
            .OrderBy(r => r.UploadedAt).ThenBy(r => r.Receipt.File, StringComparer.Ordinal)
            .ToList();
        return new PeriodSubmissions(period, deadline, now >= deadline, submissions)
        {
            Waiting = [.. afterClose.Where(r => review.DismissalOf(r.Receipt.File, r.UploadedAt) is null)
                .Select(r => new WaitingCorrection(r.Receipt.File, r.Streets, r.UploadedAt, VersionAt(closing, r.Receipt.At)))],
            Dismissed = [.. afterClose.Select(r => (r.Receipt, r.Streets, r.UploadedAt, Dismissal: review.DismissalOf(r.Receipt.File, r.UploadedAt)))
                .Where(r => r.Dismissal is not null)
                .Select(r => new DismissedCorrection(r.Receipt.File, r.Streets, r.UploadedAt, r.Dismissal!.Reason, r.Dismissal.At))],
        };
    }

    /// <summary>The official version that stood when a file was refused: the latest close at or before its verdict.</summary>
    private static int VersionAt(PeriodClosing closing, DateTimeOffset verdictAt) =>
        closing.Events.Where(e => e.Action == ClosingEvent.Closed && e.At <= verdictAt).Select(e => e.Version).DefaultIfEmpty(closing.OfficialVersion).Max();

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

    private static DateTimeOffset UploadedAt(Receipt receipt) => receipt.UploadedAt ?? receipt.At;

    private static Attempt ToAttempt(Receipt receipt) =>
        new(receipt.File, UploadedAt(receipt), receipt.Status, receipt.Rows, receipt.Findings, receipt.Warnings);
}
