using Pipeline.Core.Ingest;

namespace Pipeline.Core.Submissions;

/// <summary>
/// The ledger as <c>status.json</c> and <c>pipeline status --json</c> show it: codes and Chinese labels side by side,
/// and the corrections that arrived after the period was closed (waiting for a reopen, or dismissed).
/// </summary>
public sealed record StatusDocument(
    string Period, DateTimeOffset Deadline, bool PastDeadline, double? SubmissionRate, IReadOnlyList<StatusEntry> Submissions, IReadOnlyList<OverdueEntry> Overdue,
    IReadOnlyList<WaitingCorrection> Waiting, IReadOnlyList<DismissedCorrection> Dismissed)
{
    public static StatusDocument From(PeriodSubmissions ledger) => new(
        ledger.Period, ledger.Deadline, ledger.PastDeadline, ledger.SubmissionRate,
        [.. ledger.Submissions.Select(s => new StatusEntry(
            s.StreetCode, s.StreetName, s.Obligation.Key, s.Obligation.Label, s.Status.Code(), s.Status.Chinese(),
            s.Accepted is { } a ? new AcceptedFile(a.File, a.UploadedAt, a.Rows, a.Warnings, a.Warnings > 0 ? $"results/{a.File}.findings.csv" : null) : null, s.Acceptances,
            [.. s.Refused.Select(r => new RefusedFile(r.File, r.UploadedAt, r.Findings, $"results/{r.File}.findings.csv"))],
            s.Returned is { } returned ? new ReturnEntry(returned.File, returned.Reason, returned.At) : null))],
        [.. ledger.Overdue.Select(s => new OverdueEntry(s.StreetCode, s.StreetName, s.Obligation.Key, s.Obligation.Label))],
        ledger.Waiting, ledger.Dismissed);
}

public sealed record StatusEntry(
    string StreetCode, string StreetName, string Obligation, string ObligationLabel, string Status, string StatusLabel,
    AcceptedFile? Accepted, int Acceptances, IReadOnlyList<RefusedFile> Refused, ReturnEntry? Returned);

/// <summary>审核退回: which accepted file the district sent back, why and when; it stands until the street uploads again.</summary>
public sealed record ReturnEntry(string File, string Reason, DateTimeOffset ReturnedAt);

/// <summary>The accepted file that stands, with its plausibility warnings and where they are listed.</summary>
public sealed record AcceptedFile(string File, DateTimeOffset UploadedAt, int Rows, int Warnings, string? WarningsReport);

/// <summary>A refused upload and where its findings report is (in the results container).</summary>
public sealed record RefusedFile(string File, DateTimeOffset UploadedAt, int Findings, string FindingsReport);

public sealed record OverdueEntry(string StreetCode, string StreetName, string Obligation, string ObligationLabel);
